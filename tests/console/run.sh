#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# The TUI's readline console end to end under tmux (issue 5):
# edit the network at an event and watch the next packet obey, completion popup,
# history across runs, save + `pktpath trace`, Ctrl-C, Ctrl-D, Esc, the ★ keys while
# typing, wide characters, resize. Each run gets its own tmux server (-L socket) and an
# isolated XDG_STATE_HOME/HOME/INPUTRC in a temp dir. Waits poll the screen (up to
# $TUI_TIMEOUT seconds), never fixed sleeps. Only our own tmux server is ever killed.
# Last line: `N passed, N failed[, N skipped]`.
set -uo pipefail
cd "$(dirname "$0")/../.." || exit 2

PKTPATH=${PKTPATH:-./pktpath}
TIMEOUT=${TUI_TIMEOUT:-120} # only reached when the text never comes
SOCK0="pktpath-console-$$"
SOCK=$SOCK0-1
TGT=t # the tmux session the helpers in tests/lib/tmux.sh talk to
SCENE=tests/console/flow.scene
pass=0 fail=0

if ! command -v tmux >/dev/null 2>&1; then
	echo "tmux not installed: console end-to-end test skipped" >&2
	echo "0 passed, 0 failed, 1 skipped"
	exit 0
fi
if [ ! -x "$PKTPATH" ]; then
	echo "no binary at $PKTPATH" >&2
	echo "0 passed, 1 failed"
	exit 1
fi
PKTPATH=$(cd "$(dirname "$PKTPATH")" && pwd)/$(basename "$PKTPATH")
SCENE=$(pwd)/$SCENE
# where a lesson opens, from its trace and the documented rule (tests/lib/beats.awk)
opening_of() {
	$PKTPATH trace --format jsonl "$1" | awk -f tests/lib/beats.awk -v mode=opening
}
opening=$(opening_of "$SCENE")

tmp=$(mktemp -d "${TMPDIR:-/tmp}/pktpath-console.XXXXXX") || exit 2
cleanup() {
	tmux -L "$SOCK0-1" kill-server 2>/dev/null
	tmux -L "$SOCK0-2" kill-server 2>/dev/null
	tmux -L "$SOCK0-3" kill-server 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT
mkdir -p "$tmp/home" "$tmp/state"

# ncurses and readline keep some allocations until exit on purpose
printf 'leak:libncursesw\nleak:libtinfo\nleak:libreadline\nleak:initscr\nleak:newterm\nleak:_nc_\n' >"$tmp/lsan.supp"
export LSAN_OPTIONS="suppressions=$tmp/lsan.supp${LSAN_OPTIONS:+:$LSAN_OPTIONS}"

. tests/lib/tmux.sh
# literal text (no key-name lookup)
type_text() {
	tmux -L "$SOCK" send-keys -t "$TGT" -l -- "$1"
}
cur_ev() {
	screen
	sed -n '1s/.*ev \([0-9]*\)\/.*/\1/p' "$tmp/screen"
}
n_ev() {
	screen
	sed -n '1s/.* ev [0-9]*\/\([0-9]*\).*/\1/p' "$tmp/screen"
}
# start NAME SOCKET: a fresh tmux server per run (reusing a socket races its shutdown)
start() {
	rm -f "$tmp/status"
	SOCK=$SOCK0-$2
	tmux -L "$SOCK" -f /dev/null new-session -d -s t -x 80 -y 24 \
		"env LANG=C.UTF-8 LC_ALL=C.UTF-8 HOME=$tmp/home XDG_STATE_HOME=$tmp/state INPUTRC=/dev/null \
		$PKTPATH --no-mouse $SCENE; echo \$? >$tmp/status; sleep 60"
	wait_for "$1: opens after the network is built (event $opening)" " ev $opening/[0-9]+ *\$"
	keys Home
	wait_for "$1: Home: event 1" ' ev 1/[0-9]+ *$'
}
quit_ok() {
	keys q
	local end=$((SECONDS + TIMEOUT))
	while [ ! -s "$tmp/status" ] && [ $SECONDS -lt $end ]; do sleep 0.05; done
	if [ -s "$tmp/status" ] && [ "$(cat "$tmp/status")" = 0 ]; then ok "$1"; else
		echo "status: $(cat "$tmp/status" 2>/dev/null)" >"$tmp/st"
		bad "$1" "$tmp/st"
	fi
}

# ---- run 1 ----
start "run 1" 1
total0=$(n_ev)

# without an edit, the second segment leaves by the old NIC (the control)
keys ']' ']' ']'
wait_for "]]]: step 4 (second segment)" ' step 4/4 '
keys PageDown
wait_for "control: \"two\" leaves enp0s4 without the edit" '▶ *[0-9]+ comp1 +route-out +OUT=enp0s4'
keys Home ']' ']'
wait_for "back to step 3 (first segment)" ' step 3/4 '
at=$(cur_ev)

keys :
wait_for ": focuses the console with the event's host as prompt" '^comp1> ?$' last
wait_for "status line shows the console keys" 'Esc view +Tab complete'
tmux -L "$SOCK" display -p -t t '#{cursor_x} #{cursor_y} #{cursor_flag}' >"$tmp/cursor"
if [ "$(cat "$tmp/cursor")" = "7 23 1" ]; then ok "visible cursor after the prompt"; else bad "visible cursor after the prompt" "$tmp/cursor"; fi

# the ★ keys while typing
type_text "ip ro"
wait_for "typed text shows" '^comp1> ip ro$' last
keys PageDown
wait_for "PgDn while typing: next event" " ev $((at + 1))/"
wait_for "… and the line is kept" '^comp1> ip ro$' last
keys PageUp
wait_for "PgUp while typing: back" " ev $at/"
keys C-c
wait_for "Ctrl-C clears the line" '^comp1> ?$' last
wait_for "… and the console keeps focus" 'Tab complete'

# wide characters: the cursor column counts display columns
type_text 'send c1 "日本"'
wait_for "UTF-8 input shows" '^comp1> send c1 "日本"$' last
tmux -L "$SOCK" display -p -t t '#{cursor_x}' >"$tmp/cursor"
if [ "$(cat "$tmp/cursor")" = 21 ]; then ok "cursor after wide characters at column 21"; else bad "cursor after wide characters at column 21" "$tmp/cursor"; fi
keys Left Left
sleep 0.2
tmux -L "$SOCK" display -p -t t '#{cursor_x}' >"$tmp/cursor"
if [ "$(cat "$tmp/cursor")" = 18 ]; then ok "Left over a wide character moves 2 columns"; else bad "Left over a wide character moves 2 columns" "$tmp/cursor"; fi
keys C-c
wait_for "Ctrl-C again" '^comp1> ?$' last

# completion
type_text "ip route add 172.16.70.0/24 dev "
keys Tab
wait_for "Tab: completion popup" '[0-9]+ completions'
wait_for "popup lists comp1's NICs" 'enp0s3 +enp0s4 +lo'
wait_for "popup does not print over the input line" '^comp1> ip route add 172.16.70.0/24 dev ?$' last
type_text "enp0s3 s"
wait_gone "a key closes the popup" 'completions'
keys Tab
wait_for "Tab completes a unique keyword (s -> scope/src: both offered)" 'scope +src|src +scope'
keys C-c
type_text "ip r"
keys Tab
wait_for "Tab completes ip objects (r -> route/rule)" 'route +rule|rule +route'
keys C-c

# help: the command words, and one command's usage, from the command table
type_text "help sysctl"
keys Enter
wait_for "help COMMAND: its usage line" 'sysctl \[-w\] \[-q\] KEY'
type_text "help ip"
keys Enter
wait_for "help ip: a line per object with its verbs" 'ip route add\|del\|delete'

# a failing command changes nothing
type_text "ip route add 172.16.70.0/24 dev enp0s9"
keys Enter
wait_for "error printed as the tool prints it" 'Cannot find device "enp0s9"'
if [ "$(n_ev)" = "$total0" ]; then ok "failed command: event count unchanged"; else
	screen
	bad "failed command: event count unchanged" "$tmp/screen"
fi

# a read-only command prints and changes nothing
type_text "ip route show"
keys Enter
wait_for "ip route show output in the pane" '172.16.70.0/24 dev enp0s4 scope link src 172.16.70.16 metric 100'
if [ "$(n_ev)" = "$total0" ]; then ok "read-only command: no event"; else bad "read-only command: no event" "$tmp/screen"; fi

# iptables listings are read-only too (they run on a copy, outside the timeline)
type_text "iptables -t nat -S"
keys Enter
wait_for "iptables -S output in the pane" '-P POSTROUTING ACCEPT'
if [ "$(n_ev)" = "$total0" ]; then ok "iptables -S: no event"; else bad "iptables -S: no event" "$tmp/screen"; fi

# the edit: the better route, while the flow is between its two segments
type_text "ip route add 172.16.70.0/24 dev enp0s3 scope link src 172.16.70.14 metric 10"
keys Enter
wait_for "the edit becomes a console event" 'console edit on comp1'
wait_for "… shown as console: LINE" 'console: comp1 ip route add'
wait_for "event list marks it" '▶ *[0-9]+ comp1 +console +OK'
edit=$(cur_ev)
if [ "$(n_ev)" -gt "$total0" ]; then ok "the timeline grew"; else bad "the timeline grew" "$tmp/screen"; fi
keys PageDown PageDown
wait_for "the next segment leaves by the new NIC" '▶ *[0-9]+ comp1 +route-out +OUT=enp0s3'
wait_for "… its card says oif enp0s3 from the route" 'oif +enp0s3 +\[route\]'
keys Escape
wait_for "Esc: view mode shows the whole card" 'q quit'
wait_for "… and the data is \"two\"" 'data +"two"'
wait_for "routes panel has the new route" 'enp0s3 metric 10'
keys :
wait_for ": back in the console" '^comp1> ?$' last

# stepping back past the edit undoes it
keys PageUp PageUp PageUp
wait_for "step back before the edit" " ev $((edit - 1))/"
wait_gone "… the route is gone there" 'metric 10 '
keys PageDown
wait_for "forward onto the edit: the route is back" 'metric 10 '

# save and export: `pktpath trace` of the saved scene = the trace the TUI shows
type_text "save $tmp/saved.scene"
keys Enter
wait_for "save reports" 'saved [0-9]+ lines \(1 console edits\)'
type_text "export trace $tmp/seen.trace"
keys Enter
wait_for "export reports" 'wrote [0-9]+ events'
if grep -qx 'comp1 ip route add 172.16.70.0/24 dev enp0s3 scope link src 172.16.70.14 metric 10' "$tmp/saved.scene"; then
	ok "saved scene holds the console line"
else
	bad "saved scene holds the console line" "$tmp/saved.scene"
fi
if ls "$tmp"/saved.scene.tmp.* >/dev/null 2>&1; then bad "no temporary file left by save"; else ok "no temporary file left by save"; fi
"$PKTPATH" trace "$tmp/saved.scene" >"$tmp/replay.trace" 2>"$tmp/replay.err"
if [ $? -eq 0 ] && cmp -s "$tmp/seen.trace" "$tmp/replay.trace"; then
	ok "pktpath trace SAVED equals the trace seen"
else
	diff -u "$tmp/seen.trace" "$tmp/replay.trace" >"$tmp/d" 2>&1
	cat "$tmp/replay.err" >>"$tmp/d"
	bad "pktpath trace SAVED equals the trace seen" "$tmp/d"
fi
if "$PKTPATH" check "$tmp/saved.scene" >"$tmp/check.out" 2>&1; then ok "pktpath check accepts the saved scene"; else
	bad "pktpath check accepts the saved scene" "$tmp/check.out"
fi
if grep -q 'OUT=enp0s3 .*DATA="two"' "$tmp/replay.trace"; then ok "replayed: \"two\" leaves enp0s3"; else bad "replayed: \"two\" leaves enp0s3"; fi

# host switch, Ctrl-D, exit, Esc, F5
type_text "host comp2"
keys Enter
wait_for "host NAME switches the prompt" '^comp2> ?$' last
type_text "host comp1"
keys Enter
wait_for "… and back" '^comp1> ?$' last
type_text "ip route show table main"
keys Enter
wait_for "last command of run 1" 'comp1> ip route show table main'
keys C-d
wait_for "Ctrl-D on an empty line leaves the console" 'q quit'
keys :
wait_for ": again" '^comp1> ?$' last
type_text "exit"
keys Enter
wait_for "exit leaves the console" 'q quit'
keys :
wait_for ": again (2)" '^comp1> ?$' last
type_text "ip"
keys Escape
wait_for "Esc returns to view mode" 'q quit'
before=$(cur_ev)
keys l
wait_for "view keys work again (l = next)" " ev $((before + 1))/"
keys :
wait_for "the line typed before Esc is still there" '^comp1> ip$' last
keys F5
wait_for "F5 while typing: presenter mode" 'Esc leave'
keys Escape
wait_for "Esc leaves presenter mode" 'q quit'

# resize while typing
keys :
wait_for ": again (3)" '^comp1> ip$' last
tmux -L "$SOCK" resize-window -t t -x 120 -y 40
wait_for "resize: the input line stays at the bottom" '^comp1> ip$' last
tmux -L "$SOCK" resize-window -t t -x 80 -y 24
wait_for "resize back" '^comp1> ip$' last
keys C-c Escape
wait_for "leave" 'q quit'
quit_ok "run 1 quits with status 0"
tmux -L "$SOCK" kill-server 2>/dev/null

if [ -s "$tmp/state/pktpath/history" ] && grep -qx 'ip route show table main' "$tmp/state/pktpath/history"; then
	ok "history written to \$XDG_STATE_HOME/pktpath/history"
else
	bad "history written to \$XDG_STATE_HOME/pktpath/history" "$tmp/state/pktpath/history"
fi
if grep -q tmp <<<"$(ls "$tmp/state/pktpath/")"; then bad "no temporary history file left"; else ok "no temporary history file left"; fi
if [ "$(stat -c %a "$tmp/state/pktpath/history")" = 600 ]; then ok "history file is private (0600)"; else
	bad "history file is private (0600)"
fi

# ---- run 2: history persists ----
start "run 2" 2
keys :
wait_for "run 2: console (host of event 1)" '^sw> ?$' last
keys Up
wait_for "Up recalls run 1's last line" '^sw> exit$' last
keys Up
wait_for "Up again: the line before" '^sw> ip route show table main$' last
keys Down Down
wait_for "Down back to the empty line" '^sw> ?$' last
keys C-r
type_text "save"
wait_for "Ctrl-R searches the history" "^\(reverse-i-search\)\`save': save "
keys Escape
wait_for "Esc ends the search, keeps the console" '^sw> ?$' last
keys C-r
type_text "saved.scene"
keys Enter
wait_for "Enter runs the found line (save works from run 2 too)" 'saved [0-9]+ lines \(0 console edits\)'
keys Escape
wait_for "leave" 'q quit'
keys o
wait_for "o shows the output pane in view mode" 'console output'
wait_for "… with run 2's output" 'sw> save '
keys o
wait_gone "o hides it again" 'console output'
# another lesson without quitting: by number from `lessons`, then by name (Tab completes)
keys :
wait_for "console again" '^sw> ?$' last
type_text "lessons"
keys Enter
wait_for "lessons lists them with numbers and titles" '[0-9]+ policy-routing-fix +Policy routing'
type_text "open c8-route-src"
keys Tab
wait_for "Tab completes a lesson name" '^sw> open c8-route-src-once ?$' last
keys Enter
wait_for "open NAME: the lesson is open" 'opened c8-route-src-once: C8'
wait_for "… its title and opening event on the top line" "C8: the route.s src .* ev $(opening_of c8-route-src-once)/[0-9]+ *\$"
type_text "open 1"
keys Enter
wait_for "open N: by its number" 'opened arp-flux: ARP flux'
type_text "open no-such-lesson"
keys Enter
wait_for "open: an unknown name is an error" 'open: no-such-lesson: no such file, and no lesson of that name'
keys Escape
# (the next key only after the view is back: Esc and a key at once are Alt+key)
wait_for "Esc: back to the view" 'q quit'
keys ]
wait_for "stepping works in the opened lesson" 'ARP flux.* step 2/'
# the lesson menu: L lists them and leaves `open ` on the line; a number opens one
keys L
wait_for "L: the lesson list in the console" '[0-9]+ policy-routing-fix +Policy routing'
wait_for "… the line is ready for a number" '> open ?$' last
type_text "9"
keys Enter
wait_for "… a number and Enter open it" 'opened c7-nat-once-per-flow: C7'
keys Escape
wait_for "… back in the view on the new lesson" "C7: NAT is decided once per flow.* ev $(opening_of c7-nat-once-per-flow)/[0-9]+ *\$"
# (the top line shows in the console too: wait for the view's key hints before q)
wait_for "… view mode again" 'q quit'
quit_ok "run 2 quits with status 0"
tmux -L "$SOCK" kill-server 2>/dev/null

# ---- run 3: no HOME (env -i), and what `save` may replace ----
rm -f "$tmp/status"
SOCK=$SOCK0-3
tmux -L "$SOCK" -f /dev/null new-session -d -s t -x 100 -y 30 \
	"env -i TERM=xterm LANG=C.UTF-8 LC_ALL=C.UTF-8 INPUTRC=/dev/null LSAN_OPTIONS=$LSAN_OPTIONS \
	$PKTPATH --no-mouse $SCENE; echo \$? >$tmp/status; sleep 60"
wait_for "run 3 (env -i: no HOME) starts" " ev $opening/[0-9]+ *\$"
keys :
wait_for "no HOME: the console says there is no history" 'no command history: neither XDG_STATE_HOME nor HOME'
# file kinds save must not replace, and what it does with the others
mkfifo "$tmp/fifo"
mkdir "$tmp/dir"
echo old >"$tmp/target" && chmod 600 "$tmp/target"
ln -s "$tmp/target" "$tmp/link"
ln -s "$tmp/nowhere" "$tmp/dangling"
echo ro >"$tmp/ro" && chmod 444 "$tmp/ro"
mknod "$tmp/null" c 1 3 2>/dev/null || : # as root: a device node like /dev/null
save_says() { # PATH REGEX NAME
	type_text "save $1"
	keys Enter
	wait_for "$3" "$2"
	type_text "clear"
	keys Enter
	wait_gone "$3: pane cleared" "$2"
}
save_says "$tmp/fifo" 'not a regular file: not replaced' "save refuses a FIFO"
[ -p "$tmp/fifo" ] && ok "… the FIFO is still a FIFO" || bad "… the FIFO is still a FIFO"
save_says "$tmp/dir" 'is a directory: not replaced' "save refuses a directory"
if [ -c "$tmp/null" ]; then
	save_says "$tmp/null" 'not a regular file: not replaced' "save refuses a device node"
	[ -c "$tmp/null" ] && ok "… the device node is still one" || bad "… the device node is still one"
fi
save_says "$tmp/ro" 'file is read-only: not replaced' "save refuses a read-only file"
[ "$(cat "$tmp/ro")" = ro ] && ok "… the read-only file is unchanged" || bad "… the read-only file is unchanged"
save_says "$tmp/dangling" 'symbolic link to a file that does not exist' "save refuses a dangling symlink"
[ -e "$tmp/nowhere" ] && bad "… and creates nothing" || ok "… and creates nothing"
save_says "$tmp/link" 'saved [0-9]+ lines' "save through a symlink"
if [ -L "$tmp/link" ] && grep -q '^title' "$tmp/target" && [ "$(stat -c %a "$tmp/target")" = 600 ]; then
	ok "… writes the link's target, keeps the link and the target's mode 0600"
else
	bad "… writes the link's target, keeps the link and the target's mode 0600"
fi
save_says "$tmp/new.scene" 'saved [0-9]+ lines' "save to a new file"
mode=$(stat -c %a "$tmp/new.scene")
if [ "$mode" = 644 ] || [ "$mode" = 640 ] || [ "$mode" = 600 ]; then ok "… a new file gets 0644 less the umask ($mode)"; else
	bad "… a new file gets 0644 less the umask ($mode)"
fi
# a 100k-character paste: the line editor keeps up (it used to redraw the whole line
# per character), keeps the first RLB_LINE_MAX bytes, and does not run the cut line;
# Enter comes after the whole paste, so its answer shows the paste was all read
python3 -c "print('x' * 100000 + 'PASTE-END', end='')" >"$tmp/paste"
tmux -L "$SOCK" load-buffer "$tmp/paste"
tmux -L "$SOCK" paste-buffer -t "$TGT"
keys Enter
wait_for "a 100k-character paste is read to its end and not run: cut" 'longer than 2047 bytes and was cut: not run'
screen
if grep -q 'PASTE-END' "$tmp/screen"; then bad "… the text past 2047 bytes is dropped"; else
	ok "… the text past 2047 bytes is dropped"
fi
wait_for "… the prompt is empty again" '^(comp[12]|sw)> ?$' last
type_text "host"
keys Enter
wait_for "the console still answers" '(comp[12]|sw) \*'
keys Escape
wait_for "leave (run 3)" 'q quit'
quit_ok "run 3 quits with status 0 (no sanitizer report without HOME)"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
