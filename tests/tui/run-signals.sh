#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# Every way a signal ends (or stops) the TUI gives the terminal back (issue 15): for
# SIGINT, SIGTERM, SIGHUP, SIGQUIT and SIGTSTP/SIGCONT, pktpath runs in a shell inside
# our own tmux server; after the signal the pane must be back on the normal screen with
# the cursor shown, mouse reporting off, and `stty -a` must show icanon and echo.
# Waits poll the screen, never fixed sleeps. Only our tmux server and the pktpath we
# started (by its PID) get signals. Last line: `N passed, N failed`.
set -uo pipefail
cd "$(dirname "$0")/../.." || exit 2
PKTPATH=${PKTPATH:-./pktpath}
TIMEOUT=${TUI_TIMEOUT:-120} # only reached when the text never comes
SOCK="pktpath-signals-$$"
TGT=t
pass=0 fail=0
if ! command -v tmux >/dev/null 2>&1; then
	echo "0 passed, 0 failed, 1 skipped"
	exit 0
fi
PKTPATH=$(cd "$(dirname "$PKTPATH")" && pwd)/$(basename "$PKTPATH")
tmp=$(mktemp -d "${TMPDIR:-/tmp}/pktpath-signals.XXXXXX") || exit 2
trap 'tmux -L "$SOCK" kill-server 2>/dev/null; rm -rf "$tmp"' EXIT
printf 'leak:libncursesw\nleak:libtinfo\nleak:libreadline\nleak:initscr\nleak:newterm\nleak:_nc_\n' >"$tmp/lsan.supp"
. tests/lib/tmux.sh

tmux -L "$SOCK" -f /dev/null new-session -d -s t -x 100 -y 30 \
	"cd $tmp && env -i PATH=/usr/bin:/bin TERM=screen LANG=C.UTF-8 LC_ALL=C.UTF-8 HOME=$tmp HISTFILE=/dev/null PS1='sh\$ ' bash --norc --noprofile -i"
wait_for "a shell in the pane" 'sh\$ ?$'
keys "ulimit -c 0; export LSAN_OPTIONS=suppressions=$tmp/lsan.supp" Enter
term_state() { tmux -L "$SOCK" display -p -t "$TGT" '#{alternate_on} #{cursor_flag} #{mouse_any_flag}'; }
n=0
for sig in INT TERM HUP QUIT TSTP; do
	n=$((n + 1))
	rm -f "$tmp/pid"
	keys "clear; sh -c 'echo \$\$ >$tmp/pid; exec $PKTPATH'; echo END-$n-\$?" Enter
	wait_for "SIG$sig: the TUI is up" ' ev [0-9]+/[0-9]+ *$'
	if [ "$(term_state)" = "1 0 1" ]; then ok "SIG$sig: before: alternate screen, no cursor, mouse on"; else
		echo "state: $(term_state)" >"$tmp/st"
		bad "SIG$sig: before: alternate screen, no cursor, mouse on" "$tmp/st"
	fi
	kill -s "$sig" "$(cat "$tmp/pid")"
	if [ "$sig" = TSTP ]; then
		wait_for "SIGTSTP: the shell has the terminal (job stopped)" 'Stopped'
	else
		wait_for "SIG$sig: pktpath ended" "END-$n-[0-9]+"
	fi
	if [ "$(term_state)" = "0 1 0" ]; then ok "SIG$sig: normal screen, cursor shown, mouse off"; else
		echo "state: $(term_state)" >"$tmp/st"
		bad "SIG$sig: normal screen, cursor shown, mouse off" "$tmp/st"
	fi
	keys "stty -a | tr ' ' '\\n' | grep -xE -- '-?(icanon|echo)' | tr '\\n' ' '; echo STTY-$n" Enter
	wait_for "SIG$sig: stty answered" "^icanon echo STTY-$n|^-?icanon -?echo STTY-$n"
	if grep -q "^icanon echo STTY-$n" "$tmp/screen"; then ok "SIG$sig: stty -a shows icanon echo"; else
		bad "SIG$sig: stty -a shows icanon echo" "$tmp/screen"
	fi
	if [ "$sig" = TSTP ]; then
		keys "fg" Enter
		wait_for "SIGCONT (fg): the TUI is back" ' ev [0-9]+/[0-9]+ *$'
		keys q
		pid=$(cat "$tmp/pid")
		end=$((SECONDS + TIMEOUT))
		while kill -0 "$pid" 2>/dev/null && [ $SECONDS -lt $end ]; do sleep 0.05; done
		if ! kill -0 "$pid" 2>/dev/null && [ "$(term_state)" = "0 1 0" ]; then
			ok "… and q ends it, the terminal given back"
		else
			bad "… and q ends it, the terminal given back"
		fi
	fi
done
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
