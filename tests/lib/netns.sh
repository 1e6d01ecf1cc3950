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

# Scratch space and cleanup of the suites that make namespaces:
#   ns_scratch TAG   tmp=a fresh directory (pktpath-TAG.XXXXXX); on EXIT the namespaces
#                    ns_add made are deleted, the PIDs in ns_pids ended, tmp removed
#                    (a suite with more to undo first defines on_exit, called before)
#   ns_add NAME...   `ip netns add` each; they are deleted on exit
#   ns_setup NAME    ns_add, then IPv6 off and the IPv4 sysctls that differ between
#                    distributions explicit (a CI host may ship rp_filter=2)
ns_names=()
ns_pids=()
ns_scratch() {
	tmp=$(mktemp -d "${TMPDIR:-/tmp}/pktpath-$1.XXXXXX") || exit 2
	trap ns_cleanup EXIT
}
ns_cleanup() {
	local n
	declare -F on_exit >/dev/null && on_exit
	for n in "${ns_pids[@]}"; do kill "$n" 2>/dev/null; done
	for n in "${ns_names[@]}"; do ip netns del "$n" 2>/dev/null; done
	rm -rf "$tmp"
}
ns_add() {
	local n
	for n in "$@"; do
		ip netns add "$n" || return 1
		ns_names+=("$n")
	done
}
ns_setup() {
	local args=(net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
		net.ipv6.conf.lo.disable_ipv6=1 net.ipv4.ip_forward=0) d k
	ns_add "$1" || return 1
	for d in all default lo; do
		for k in rp_filter arp_ignore arp_announce arp_filter accept_local route_localnet \
			promote_secondaries src_valid_mark ignore_routes_with_linkdown; do
			args+=("net.ipv4.conf.$d.$k=0")
		done
	done
	ip netns exec "$1" sysctl -q -w "${args[@]}" >/dev/null
}
