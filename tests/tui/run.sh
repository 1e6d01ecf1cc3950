#!/usr/bin/env bash
# TUI end to end under tmux (ux-anchors.md c10): start pktpath on the built-in default
# scene in an 80x24 tmux pane, drive it with send-keys, read the screen with
# capture-pane, and check what is on it after each key. Waits poll the screen for the
# expected text (up to $TUI_TIMEOUT seconds), never fixed sleeps. Only the tmux server
# this script starts (its own -L socket) is ever killed.
# Last line: `N passed, N failed[, N skipped]`.
set -uo pipefail
cd "$(dirname "$0")/../.." || exit 2

PKTPATH=${PKTPATH:-./pktpath}
TIMEOUT=${TUI_TIMEOUT:-10}
SOCK="pktpath-test-$$"
pass=0 fail=0

if ! command -v tmux >/dev/null 2>&1; then
	echo "tmux not installed: TUI end-to-end test skipped" >&2
	echo "0 passed, 0 failed, 1 skipped"
	exit 0
fi
if [ ! -x "$PKTPATH" ]; then
	echo "no binary at $PKTPATH" >&2
	echo "0 passed, 1 failed"
	exit 1
fi
PKTPATH=$(cd "$(dirname "$PKTPATH")" && pwd)/$(basename "$PKTPATH")

tmp=$(mktemp -d "${TMPDIR:-/tmp}/pktpath-tui.XXXXXX") || exit 2
cleanup() {
	tmux -L "$SOCK" kill-server 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT

# ncurses keeps some allocations until exit on purpose; sanitizer builds must not fail
# the run for those (STYLE.md 2.10)
printf 'leak:libncursesw\nleak:libtinfo\nleak:initscr\nleak:newterm\nleak:_nc_\n' >"$tmp/lsan.supp"
export LSAN_OPTIONS="suppressions=$tmp/lsan.supp${LSAN_OPTIONS:+:$LSAN_OPTIONS}"

ok() {
	pass=$((pass + 1))
	echo "ok   $1"
}
bad() {
	fail=$((fail + 1))
	echo "FAIL $1"
	[ -n "${2:-}" ] && sed 's/^/     | /' "$2"
}

screen() {
	tmux -L "$SOCK" capture-pane -p -t t >"$tmp/screen" 2>/dev/null
}

# wait_for NAME REGEX: poll until the screen matches (grep -E)
wait_for() {
	local end=$((SECONDS + TIMEOUT))
	while :; do
		screen
		if grep -Eq -- "$2" "$tmp/screen"; then
			ok "$1"
			return 0
		fi
		if [ $SECONDS -ge $end ]; then
			bad "$1 (screen never matched /$2/)" "$tmp/screen"
			return 1
		fi
		sleep 0.05
	done
}

# wait_gone NAME REGEX: poll until the screen no longer matches
wait_gone() {
	local end=$((SECONDS + TIMEOUT))
	while :; do
		screen
		if ! grep -Eq -- "$2" "$tmp/screen"; then
			ok "$1"
			return 0
		fi
		if [ $SECONDS -ge $end ]; then
			bad "$1 (screen still matches /$2/)" "$tmp/screen"
			return 1
		fi
		sleep 0.05
	done
}

keys() {
	tmux -L "$SOCK" send-keys -t t "$@"
}

resize() {
	tmux -L "$SOCK" resize-window -t t -x "$1" -y "$2"
}

# the current event number from the title bar: "ev N/M"
cur_ev() {
	screen
	sed -n '1s/.*ev \([0-9]*\)\/.*/\1/p' "$tmp/screen"
}

tmux -L "$SOCK" -f /dev/null new-session -d -s t -x 80 -y 24 \
	"env LANG=C.UTF-8 LC_ALL=C.UTF-8 $PKTPATH --no-mouse; echo \$? >$tmp/status; sleep 60"

wait_for "starts on the default scene at event 1" ' ev 1/[0-9]+ *$'
wait_for "status line shows the keys" 'q quit'
wait_for "route table panel" 'routes '
cp "$tmp/screen" "$tmp/at1"

keys PageDown
wait_for "PgDn: event 2" ' ev 2/'
cp "$tmp/screen" "$tmp/at2"
keys Space
wait_for "Space: event 3" ' ev 3/'
keys Right
wait_for "Right: event 4" ' ev 4/'
keys l
wait_for "l: event 5" ' ev 5/'
keys Left
wait_for "Left: back to event 4" ' ev 4/'
keys h
wait_for "h: back to event 3" ' ev 3/'
keys BSpace
wait_for "Backspace: back to event 2" ' ev 2/'
if cmp -s "$tmp/screen" "$tmp/at2"; then ok "back restores the exact screen of event 2"; else
	diff "$tmp/at2" "$tmp/screen" >"$tmp/diff"
	bad "back restores the exact screen of event 2" "$tmp/diff"
fi
keys PageUp
wait_for "PgUp: event 1" ' ev 1/'
keys End
wait_for "End: last event" ' ev ([0-9]+)/\1 *$'
last=$(cur_ev)
wait_for "packet card with origin tags" '\[(app|socket|route|addr-select|kernel|neigh|incoming|nat|conntrack)\]'
keys Home
wait_for "Home: event 1" ' ev 1/'
keys ']'
wait_for "]: next scene step" ' step 2/'

keys F5
wait_for "F5: presenter mode" 'Esc leave'
wait_gone "presenter mode hides the event list" 'events [0-9]+/'
keys q
wait_for "q is ignored in presenter mode" 'Esc leave'
keys PageDown
wait_for "PgDn steps in presenter mode" 'Esc leave'
keys Escape
wait_for "Esc leaves presenter mode (and does not quit)" 'q quit'

keys .
wait_gone "'.' blanks the screen" 'q quit'
keys x
wait_for "any key resumes from blank" 'q quit'

keys '?'
wait_for "? opens the help" 'help: keys'
keys '?'
wait_gone "? closes the help" 'help: keys'

keys Home
wait_for "Home before play" ' ev 1/'
keys P
wait_for "P: plays" 'PLAYING'
keys +
wait_for "+: faster" 'speed [45]/5'
wait_gone "play advances by itself" ' ev 1/'
keys P
wait_gone "P again: pauses" 'PLAYING'
keys R
wait_for "R: reset to event 1" ' ev 1/'
keys Tab
wait_for "Tab: selects a host" 'host [^ ]+ '
keys t
wait_for "t: next theme" 'theme light'

before=$(cur_ev)
resize 200 60
wait_for "resize to 200x60 keeps the position" " ev $before/"
screen
if [ "$(awk '{ if (length($0) > m) m = length($0) } END { print m }' "$tmp/screen")" -gt 80 ]; then
	ok "200x60 uses the wider layout"
else
	bad "200x60 uses the wider layout" "$tmp/screen"
fi
resize 80 24
wait_for "resize back to 80x24" " ev $before/"
resize 40 12
wait_for "40x12: terminal too small notice" 'terminal too small'
resize 80 24
wait_for "back to 80x24 after too small" " ev $before/"
wait_gone "no notice at 80x24" 'terminal too small'

keys q
end=$((SECONDS + TIMEOUT))
while [ ! -s "$tmp/status" ] && [ $SECONDS -lt $end ]; do sleep 0.05; done
if [ -s "$tmp/status" ] && [ "$(cat "$tmp/status")" = 0 ]; then
	ok "q quits with status 0"
else
	echo "status: $(cat "$tmp/status" 2>/dev/null)" >"$tmp/st"
	bad "q quits with status 0" "$tmp/st"
fi
[ -n "$last" ] || true

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
