# SPDX-License-Identifier: GPL-2.0-only
# Shared helpers of the tmux end-to-end suites (tests/tui, tests/console). Source it after
# setting: SOCK (the suite's own tmux server, `tmux -L`), TGT (the session), TIMEOUT
# (seconds a wait may take), tmp (a scratch directory); the suite keeps `pass`/`fail`.
# Waits poll the screen for text, never fixed sleeps.

# ok and bad: tests/lib/report.sh
. "$(dirname "${BASH_SOURCE[0]}")/report.sh"

screen() {
	tmux -L "$SOCK" capture-pane -p -t "$TGT" >"$tmp/screen" 2>/dev/null
}

# wait_for NAME REGEX [last]: poll until the screen (with "last": its last row) matches
# the extended regex
wait_for() {
	local end=$((SECONDS + TIMEOUT))
	while :; do
		screen
		if [ "${3:-}" = last ]; then tail -n 1 "$tmp/screen" >"$tmp/sel"; else cp "$tmp/screen" "$tmp/sel"; fi
		if grep -Eq -- "$2" "$tmp/sel"; then
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

# settle: capture until two captures 50 ms apart are identical (a capture taken while the
# program is still writing a frame can show half of it), at most TIMEOUT seconds
settle() {
	local end=$((SECONDS + TIMEOUT))
	screen
	while :; do
		cp "$tmp/screen" "$tmp/prev"
		sleep 0.05
		screen
		cmp -s "$tmp/screen" "$tmp/prev" && return 0
		[ $SECONDS -ge $end ] && return 1
	done
}

keys() {
	tmux -L "$SOCK" send-keys -t "$TGT" "$@"
}
