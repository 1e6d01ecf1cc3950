# SPDX-License-Identifier: GPL-2.0-only
# Shared preconditions of the suites that need real network namespaces: source it.
#   need_netns TAG WHAT NSKIP   root and `ip netns add` work (a probe namespace named
#                               TAG-probe-PID is made and deleted at once), else say
#                               "SKIPPED: WHAT" on stderr, print the suite's last line
#                               with NSKIP skipped checks, and exit 0
#   need_pktpath SUITE          $PKTPATH is an executable, else one failed check, exit 1

need_netns() {
	if [ "$(id -u)" -ne 0 ] || ! ip netns add "$1-probe-$$" 2>/dev/null; then
		echo "SKIPPED: $2" >&2
		echo "0 passed, 0 failed, $3 skipped"
		exit 0
	fi
	ip netns del "$1-probe-$$"
}

need_pktpath() {
	if [ ! -x "$PKTPATH" ]; then
		echo "$1: $PKTPATH not found (set PKTPATH=)" >&2
		echo "0 passed, 1 failed"
		exit 1
	fi
}
