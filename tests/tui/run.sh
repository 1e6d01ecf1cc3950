#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# TUI end to end under tmux: start pktpath on the built-in default
# scene in an 80x24 tmux pane, drive it with send-keys, read the screen with
# capture-pane, and check what is on it after each key. Waits poll the screen for the
# expected text (up to $TUI_TIMEOUT seconds), never fixed sleeps. Only the tmux server
# this script starts (its own -L socket) is ever killed.
# Last line: `N passed, N failed[, N skipped]`.
set -uo pipefail
cd "$(dirname "$0")/../.." || exit 2

PKTPATH=${PKTPATH:-./pktpath}
TIMEOUT=${TUI_TIMEOUT:-120} # only reached when the text never comes
SOCK="pktpath-test-$$"
TGT=t # the tmux session the helpers in tests/lib/tmux.sh talk to
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
# the run for those
printf 'leak:libncursesw\nleak:libtinfo\nleak:initscr\nleak:newterm\nleak:_nc_\n' >"$tmp/lsan.supp"
export LSAN_OPTIONS="suppressions=$tmp/lsan.supp${LSAN_OPTIONS:+:$LSAN_OPTIONS}"

. tests/lib/tmux.sh

resize() {
	tmux -L "$SOCK" resize-window -t "$TGT" -x "$1" -y "$2"
}

# the current event number from the title bar: "ev N/M"
cur_ev() {
	screen
	sed -n '1s/.*ev \([0-9]*\)\/.*/\1/p' "$tmp/screen"
}

tmux -L "$SOCK" -f /dev/null new-session -d -s t -x 80 -y 24 \
	"env LANG=C.UTF-8 LC_ALL=C.UTF-8 $PKTPATH --no-mouse; echo \$? >$tmp/status; sleep 60"

# The TUI opens right after the network is built: on the last of the leading setup events
# (configuration, sockets bound or listening), so the first screen shows every host
"$PKTPATH" trace --format jsonl >"$tmp/default.jsonl" 2>/dev/null
opening=$(awk -f tests/lib/beats.awk -v mode=opening "$tmp/default.jsonl")
wait_for "opens after the network is built (event $opening, from the trace)" " ev $opening/[0-9]+ *\$"
wait_for "the first screen shows the hosts" 'comp1.*sw.*comp2'
keys Home
wait_for "Home: event 1" ' ev 1/[0-9]+ *$'
wait_for "status line shows the keys" 'q quit'
wait_for "route table panel" 'routes '
cp "$tmp/screen" "$tmp/at1"

keys PageDown
wait_for "PgDn: event 2" ' ev 2/'
settle
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
settle
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

# the narration at 80x24: its first row, cut with "… (s)"; s shows all of it
wait_for "80x24: the narration's first row, '… (s)' where it is cut" '… \(s\) *$'
keys s
wait_for "s: the whole narration over the screen" 'narration \(any key closes\)'
keys x
wait_gone "any key closes the narration (and does nothing else)" 'narration \(any key closes\)'
wait_for "… the view is where it was" ' step 2/'

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

# ---- issue 4: counts (<n>G, <n>gg), search, filter presets, zoom, inspect ----
keys Home
wait_for "Home before the new keys" ' ev 1/'
keys 4
wait_for "a digit shows the count in the status line" 'go to 4'
keys Escape
wait_gone "Esc drops the count" 'go to 4'
keys 3 G
wait_for "3G: goes to scene step 3" ' step 3/[0-9]+ '
keys 2 0 g g
wait_for "20gg: goes to event 20" ' ev 20/'
keys g g
wait_for "gg: first event" ' ev 1/'
keys /
wait_for "/ opens the search prompt" '^ /'
keys -l sock-deliver
wait_for "search shows the live match count" '/sock-deliver +\([1-9][0-9]* match'
wait_for "search jumps live to a matching event" '▶ *[0-9]+ [a-z0-9]+ +deliver'
keys Enter
wait_for "Enter keeps the search" 'match 1/[0-9]+ for /sock-deliver'
m1=$(cur_ev)
keys n
wait_for "n: next match" 'match 2/[0-9]+ for /sock-deliver'
keys N
wait_for "N: previous match" 'match 1/[0-9]+ for /sock-deliver'
if [ "$(cur_ev)" = "$m1" ]; then ok "N comes back to the first match"; else
	screen
	bad "N comes back to the first match (ev $(cur_ev), want $m1)" "$tmp/screen"
fi
keys /
keys -l zzqx
wait_for "search validates live: no match" '/zzqx +\(no match'
keys Escape
wait_gone "Esc cancels the search" '/zzqx'
wait_for "Esc puts the cursor back" " ev $m1/"
keys /
keys -l who-has
keys Enter
wait_for "search finds an ARP event" '▶ *[0-9]+ [a-z0-9]+ +[a-z-]+ +arp who-has'
keys f
wait_for "f: filter preset shown in the status line" 'filter: no ARP'
wait_gone "the filter hides the ARP lines" 'arp (who-has|reply)'
wait_for "the event list counts what is shown" 'events [0-9]+/[0-9]+, [0-9]+ shown'
before=$(cur_ev)
keys Space
wait_gone "stepping works on the filtered view" " ev $before/"
keys f
wait_for "f again: hide quiet nf too" 'filter: no ARP, no quiet nf'
keys f
wait_for "f again: current host only" 'filter: host [^ ]+ only'
keys f
wait_for "f again: filter off" 'filter off'
# the focus is on a host since the Tab above: z zooms that host
keys z
wait_for "z zooms the focused pane (a host)" '^(┌─|╭─|╔═) ▶ [a-z0-9]+( · (switch|router))? (─|═)'
wait_for "the status line says what is zoomed" 'zoom: host'
keys z
wait_gone "z again: back to the normal layout" 'zoom: host'
wait_for "the normal layout is back" 'routes '
for _ in 1 2 3 4 5 6 7 8; do
	screen
	grep -q 'focus: routes' "$tmp/screen" && break
	keys Tab
	sleep 0.1
done
wait_for "Tab reaches the route table" 'focus: routes'
keys z
wait_for "z zooms the route table" '^┌─ ▶ routes '
keys Tab
wait_for "Tab while zoomed: the event list fills the screen" '^┌─ ▶ events [0-9]+/'
wait_for "the status line says so" 'zoom: events'
keys Escape
wait_gone "Esc leaves the zoom" 'zoom: '
keys 4 0 g g
wait_for "40gg: a packet event" ' ev 40/'
keys Enter
wait_for "Enter shows where the src field came from" 'from src [0-9.]+ \[[a-z-]+\] since'

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

# ---- more runs, each in its own session of our tmux server ----
# start NAME ENV…: run pktpath with the given environment and arguments in session NAME
start() {
	local name=$1
	shift
	TGT=$name
	tmux -L "$SOCK" new-session -d -s "$name" -x 80 -y 24 \
		"env LANG=C.UTF-8 LC_ALL=C.UTF-8 $* ; sleep 60"
}
# colour_sgr: the colour-setting SGR parameters on the screen (30-37 40-47 90-97
# 100-107, 38;… 48;…), one per line; 39/49 (back to the default colour) do not count
colour_sgr() {
	tmux -L "$SOCK" capture-pane -p -e -t "$TGT" | grep -o $'\e\\[[0-9;:]*m' |
		sed 's/^\x1b\[//; s/m$//' | tr ';' '\n' |
		awk 'BEGIN { skip = 0 } { if (skip) { skip--; next } }
		     $0 == 38 || $0 == 48 { print; skip = 2; next }
		     ($0 >= 30 && $0 <= 37) || ($0 >= 40 && $0 <= 47) || ($0 >= 90 && $0 <= 97) || ($0 >= 100 && $0 <= 107) { print }'
}
attr_sgr() {
	tmux -L "$SOCK" capture-pane -p -e -t "$TGT" | grep -c $'\e\\[[0-9;]*[17]m'
}

start nocolor NO_COLOR=1 TERM=screen-256color "$PKTPATH" --no-mouse
wait_for "NO_COLOR run starts" 'q quit'
if [ -z "$(colour_sgr)" ]; then ok "NO_COLOR: no colour SGR on the screen"; else
	colour_sgr | sort | uniq -c >"$tmp/sgr"
	bad "NO_COLOR: no colour SGR on the screen" "$tmp/sgr"
fi
if [ "$(attr_sgr)" -gt 0 ]; then ok "NO_COLOR: bold/reverse stay"; else bad "NO_COLOR: bold/reverse stay"; fi
keys t
wait_for "NO_COLOR: the theme message says why there is no colour" 'no colour: NO_COLOR'
keys q

start never TERM=screen-256color "$PKTPATH" --no-mouse --color=never
wait_for "--color=never run starts" 'q quit'
if [ -z "$(colour_sgr)" ]; then ok "--color=never: no colour SGR"; else bad "--color=never: no colour SGR"; fi
keys q

start c256 TERM=screen-256color "$PKTPATH" --no-mouse --color=256
wait_for "--color=256 run starts" 'q quit'
if grep -qx 38 <<<"$(colour_sgr)"; then ok "--color=256: 256-colour SGR (38;5;N) on the screen"; else
	bad "--color=256: 256-colour SGR (38;5;N) on the screen"
fi
keys q

# the colour-blind theme draws its own palette: the borders in sky blue (256-colour 74)
start cb TERM=screen-256color "$PKTPATH" --no-mouse --color=256 --theme colorblind
wait_for "--theme colorblind run starts" 'q quit'
if grep -q $'\e\\[[0-9;]*38;5;74[;m]' <<<"$(tmux -L "$SOCK" capture-pane -p -e -t "$TGT")"; then
	ok "--theme colorblind: its sky blue (38;5;74) on the screen"
else
	tmux -L "$SOCK" capture-pane -p -e -t "$TGT" | grep -o $'\e\\[[0-9;:]*m' | sort | uniq -c >"$tmp/sgr"
	bad "--theme colorblind: its sky blue (38;5;74) on the screen" "$tmp/sgr"
fi
keys q

# the config file: its theme and key bindings apply; a bad line shows on the status line
# and changes nothing
mkdir -p "$tmp/xdg/pktpath"
printf 'set theme colorblind\nbind-key x next\nset speed 9\n' >"$tmp/xdg/pktpath/config"
start cfg TERM=screen-256color XDG_CONFIG_HOME="$tmp/xdg" "$PKTPATH" --no-mouse --color=256
wait_for "config: a bad line is named on the status line" 'config:3:11: speed takes 1 to 5'
if grep -q $'\e\\[[0-9;]*38;5;74[;m]' <<<"$(tmux -L "$SOCK" capture-pane -p -e -t "$TGT")"; then
	ok "config: set theme colorblind applies"
else
	bad "config: set theme colorblind applies"
fi
wait_for "config: opens on the opening event" " ev $opening/"
keys x
wait_for "config: bind-key x next: x moves one event" " ev $((opening + 1))/"
keys '?'
wait_for "config: help opens" 'help: keys'
keys PageDown PageDown PageDown PageDown
wait_for "config: the help lists the config's binding (last row)" 'x +next \(config\)'
keys q q

start c16 TERM=screen-256color "$PKTPATH" --no-mouse --color=16 --theme light
wait_for "--color=16 run starts" 'q quit'
if [ -n "$(colour_sgr)" ] && ! grep -qx 38 <<<"$(colour_sgr)"; then ok "--color=16: basic colours only"; else
	colour_sgr | sort | uniq -c >"$tmp/sgr"
	bad "--color=16: basic colours only" "$tmp/sgr"
fi
keys q

start ru "$PKTPATH" --no-mouse --lang ru
wait_for "--lang ru run starts, its key hints in Russian" 'q выход'
keys F5
wait_for "--lang ru: presenter caption in Russian" 'сетевые карты'
wait_for "presenter step counter" '^ шаг 1/[0-9]+'
keys Escape q

tmux -L "$SOCK" new-session -d -s rudef -x 80 -y 24 \
	"env -u LC_ALL -u LC_MESSAGES LANG=ru_RU.UTF-8 $PKTPATH --no-mouse --presenter; sleep 60"
TGT=rudef
wait_for "LANG=ru_RU: Russian narration by default" 'сетевые карты'
keys Escape q

# Beats: what one PgDn moves by. The expected event numbers come from the trace (jsonl)
# and the documented rules in tests/lib/beats.awk, not from the TUI.
# walk_beats NAME FILE: press PgDn once per line of FILE (at most 25) and check that each
# press lands on that event
walk_beats() {
	local want n=0 got
	while read -r want && [ $n -lt 25 ]; do
		keys PageDown
		if ! wait_for_quiet " ev $want/"; then
			got=$(cur_ev)
			bad "$1: press $((n + 1)) lands on event $want (got $got)" "$tmp/screen"
			return
		fi
		n=$((n + 1))
	done <"$2"
	ok "$1: $n presses land on the events the trace says"
}
# wait_for_quiet REGEX: as wait_for, without counting a pass
wait_for_quiet() {
	local end=$((SECONDS + TIMEOUT))
	until screen && grep -Eq -- "$1" "$tmp/screen"; do
		[ $SECONDS -ge $end ] && return 1
		sleep 0.05
	done
}
awk -f tests/lib/beats.awk -v mode=hop "$tmp/default.jsonl" >"$tmp/hops"
awk -f tests/lib/beats.awk -v mode=step "$tmp/default.jsonl" >"$tmp/steps"
if [ "$(wc -l <"$tmp/hops")" -lt "$(($(wc -l <"$tmp/default.jsonl") - opening))" ] &&
	[ "$(wc -l <"$tmp/hops")" -gt "$(wc -l <"$tmp/steps")" ]; then
	ok "a hop is coarser than an event and finer than a step ($(wc -l <"$tmp/hops") hops, $(wc -l <"$tmp/steps") steps, $(wc -l <"$tmp/default.jsonl") events)"
else
	bad "a hop is coarser than an event and finer than a step ($(wc -l <"$tmp/hops") hops, $(wc -l <"$tmp/steps") steps)"
fi
start beathop "$PKTPATH" --no-mouse --beat hop
wait_for "--beat hop: opens after the network is built" " ev $opening/"
wait_for "--beat hop: the status line names the beat" 'beat: hop \(B\)'
walk_beats "--beat hop" "$tmp/hops"
for _ in $(seq 30); do keys PageUp; done
wait_for "--beat hop: PgUp walks back by hops to the start" ' ev 1/'
keys B
wait_for "B: cycles to step" 'beat: step \(B\)'
keys PageDown
wait_for "step beat from event 1: the end of the first step (the network built)" " ev $opening/"
walk_beats "B then PgDn: step by step" "$tmp/steps"
keys B
wait_for "B: back to event" 'beat: event'
wait_gone "… and the status line no longer shows a beat" 'beat: (hop|step) \(B\)'
keys q

start beatf5 "$PKTPATH" --no-mouse
wait_for "plain start: opens after the network is built" " ev $opening/"
keys F5
wait_for "F5: presenter mode" 'Esc leave'
wait_for "presenter mode: the key hint names the beat, hop by default" 'B beat: hop'
# presenter mode shows no event number: press, leave, read it, come back
for k in 1 2 3 4 5 6 7 8 9 10 11 12; do keys PageDown; done
keys Escape
want=$(sed -n 12p "$tmp/hops")
wait_for "presenter mode: 12 PgDn are 12 hops (event $want)" " ev $want/"
keys F5 PageUp PageUp PageUp PageUp PageUp
want=$(sed -n 7p "$tmp/hops")
keys Escape
wait_for "presenter mode: 5 PgUp are 5 hops back (event $want)" " ev $want/"
before=$(cur_ev)
keys PageDown
wait_for "after presenter mode PgDn moves one event again" " ev $((before + 1))/"
keys q

start beatplay "$PKTPATH" --no-mouse --beat hop
wait_for "play run starts" " ev $opening/"
keys + + + +
keys P
first_end=$(awk -v o="$opening" '$1 > o' "$tmp/steps" | head -1)
wait_for "P: play stops at the end of the step" "end of step [0-9]+: P plays the next"
wait_for "… on the step's last event, $first_end" " ev $first_end/"
keys P
wait_gone "P at the end of a step plays the next step" " ev $first_end/"
keys q

if "$PKTPATH" --beat sideways >/dev/null 2>"$tmp/err"; then
	bad "--beat sideways is refused"
elif [ $? -eq 2 ] && grep -q 'event, hop or step' "$tmp/err"; then
	ok "--beat sideways is refused with status 2 and the choices"
else
	bad "--beat sideways is refused with status 2 and the choices" "$tmp/err"
fi

# click X Y: a mouse press + release at cell (X, Y), 0-based, as an xterm sends it
# (X10 encoding; ncurses enables it for tmux's TERM)
click() {
	local x y
	x=$(printf "\\$(printf %03o $((33 + $1)))")
	y=$(printf "\\$(printf %03o $((33 + $2)))")
	keys -l $'\e[M'" $x$y"$'\e[M'"#$x$y"
}
# row_of REGEX: the 0-based screen row of the first line matching
row_of() {
	screen
	echo $(($(grep -nE -m1 -- "$1" "$tmp/screen" | cut -d: -f1) - 1))
}
start mouse "$PKTPATH"
wait_for "mouse run starts" 'q quit'
keys 4 0 g g
wait_for "mouse run: at event 40" ' ev 40/'
click 5 "$(row_of '^│  dst ')"
wait_for "click on a packet-card field shows its provenance" 'from dst [0-9.]+ \[[a-z-]+\] since'
click 40 3
wait_for "click on a host box selects the host" 'host [a-z0-9]+ \(its routes'
click 50 "$(row_of '│  38 comp2 ')"
wait_for "click on an event row goes to that event" ' ev 38/'
keys q

start exitafter "$PKTPATH" --no-mouse --exit-after 5 ";" echo "exit=\$?"
wait_for "--exit-after 5: the TUI exits by itself with status 0" '^exit=0'

# ---- --linear (no tmux needed) ----
"$PKTPATH" --linear --exit-after 3 </dev/null >"$tmp/lin3" 2>&1
if [ "$(grep -c '^event [0-9]*/' "$tmp/lin3")" = 3 ]; then ok "--linear --exit-after 3: three event lines"; else
	bad "--linear --exit-after 3: three event lines" "$tmp/lin3"
fi
"$PKTPATH" </dev/null | cat >"$tmp/lin" 2>&1
n=$("$PKTPATH" trace | grep -vc '^#')
if grep -q "^event $n/$n: " "$tmp/lin" && [ "$(grep -c '^event ' "$tmp/lin")" = "$n" ]; then
	ok "stdout not a tty: linear, every event once ($n)"
else
	tail -3 "$tmp/lin" >"$tmp/lt"
	bad "stdout not a tty: linear, every event once ($n)" "$tmp/lt"
fi
if LC_ALL=C.UTF-8 grep -q '[─│┌┐└┘═▶]' "$tmp/lin" || LC_ALL=C.UTF-8 grep -qP '[\x{2800}-\x{28FF}]' "$tmp/lin" ||
	grep -q $'\e' "$tmp/lin"; then
	bad "--linear: no box drawing, spinners or escape sequences" "$tmp/lin"
else
	ok "--linear: no box drawing, spinners or escape sequences"
fi
if grep -Eq '^event [0-9]+/[0-9]+: comp1 route-out: src \*→172\.16\.70\.16 \(route\)' "$tmp/lin"; then
	ok "--linear: a narrated line names the changed field and its origin"
else
	bad "--linear: a narrated line names the changed field and its origin"
fi
printf '3Gq' | "$PKTPATH" --linear >"$tmp/lk" 2>&1
if grep -q '^step 3/' "$tmp/lk" && grep -q '^event ' <<<"$(tail -1 "$tmp/lk")"; then ok "--linear: keys from stdin (3G)"; else
	bad "--linear: keys from stdin (3G)" "$tmp/lk"
fi
printf '/sock-deliver\nq' | "$PKTPATH" --linear >"$tmp/ls" 2>&1
if grep -q '^match 1/[0-9]* for /sock-deliver' "$tmp/ls" && grep -Eq '^event [0-9]+/[0-9]+: [a-z0-9]+ sock-deliver' "$tmp/ls"; then
	ok "--linear: / search jumps to a match"
else
	bad "--linear: / search jumps to a match" "$tmp/ls"
fi
printf 'fq' | "$PKTPATH" --linear >"$tmp/lf" 2>&1
if grep -q '^filter no ARP: [0-9]* of [0-9]* events' "$tmp/lf"; then ok "--linear: f filter preset"; else
	bad "--linear: f filter preset" "$tmp/lf"
fi
"$PKTPATH" --linear --lang ru --exit-after 1 </dev/null >"$tmp/lru" 2>&1
if grep -q '^шаг 1/.*Сеть\. .*сетевые карты' "$tmp/lru"; then ok "--linear --lang ru: Russian narration"; else
	bad "--linear --lang ru: Russian narration" "$tmp/lru"
fi
if command -v script >/dev/null 2>&1; then
	TERM=dumb script -qec "$PKTPATH --exit-after 2" /dev/null </dev/null >"$tmp/dumb" 2>&1
	if grep -q '^event 2/' "$tmp/dumb" && ! grep -q $'\e\\[?1049h' "$tmp/dumb"; then
		ok "TERM=dumb on a tty: linear, no alternate screen"
	else
		bad "TERM=dumb on a tty: linear, no alternate screen" "$tmp/dumb"
	fi
fi

# A network of six hosts (two switches, two routers): at 160x48 every host has its box,
# in the order of the wires (pc, its switch, the routers, the other switch, srv), the
# routers and switches say what they are; at 80x24 the boxes go to the current event's
# host and the hosts nearest to it on its packet's way, and the others are small nodes
# shaped by kind, joined where they are wired to each other.
tmux -L "$SOCK" kill-session -t t 2>/dev/null
TGT=six
tmux -L "$SOCK" -f /dev/null new-session -d -s six -x 160 -y 48 \
	"env LANG=C.UTF-8 LC_ALL=C.UTF-8 $PKTPATH two-routers --no-mouse; sleep 60"
wait_for "6 hosts at 160x48: every one drawn, in the order of the wires" \
	'─ pc ─.*═ lanA · switch ═.*─ r1 · router ─.*─ r2 · router ─'
wait_for "6 hosts at 160x48: the second row" '═ lanB · switch ═.*─ (▶ )?srv ─'
resize 80 24
keys End
wait_for "6 hosts at 80x24: the packet's hosts and routers drawn" \
	'─ pc ─.*─ r1 · router ─.*─ (▶ )?srv ─'
wait_for "6 hosts at 80x24: the switches and the other router as labelled nodes" \
	'^ ‖lanA‖─\(r2\)─‖lanB‖ '

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
