#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# Kernel oracle: run a command script against the real kernel (fresh network namespaces)
# and against `pktpath run --echo`, and fail on any byte of difference.
#
# usage: oracle.sh [-j N] [--keep] CASE.ip...      compare (PASS/FAIL per case)
#        oracle.sh --real-only [--save] CASE.ip...  print the real kernel's transcripts
#                                                   (--save: write them to CASE.real)
#        oracle.sh --selftest CASE.ip...            run the real side twice and compare
#
# Script format: one command per line as typed in a shell of that host; blank lines and
# lines starting with `#` are ignored; no quotes, no trailing comments. A line may start
# with a host name (any word that is not a known tool: ip sysctl iptables conntrack);
# without one it runs on host `h`. Every host is a fresh namespace `ppo-<host>-<pid>-<n>`,
# created on first use with IPv6 disabled and the IPv4 sysctls at the kernel's defaults
# (docs/kernel.md §12). `lo` is left as a fresh namespace has it: DOWN.
#
# Transcript (the format `pktpath run --echo FILE` prints):
#   $ <the line exactly as in the script>
#   <stdout, verbatim; a newline is added if the output does not end with one>
#   ! <each stderr line>
#   [rc N]                         (only when the exit status N is not 0)
#
# Environment: PKTPATH (default ./pktpath), ORACLE_JOBS (default 1, same as -j),
# ORACLE_SAVE_REAL=0 stops the refresh of CASE.real (the real transcript kept next to each
# case for reference; rewritten only when it changed), ORACLE_TIMEOUT (seconds per
# pktpath run, default 30).
# Output: `PASS name` or `FAIL name` + diff per case, then `N passed, N failed` (and
# `, N skipped` when namespaces are unavailable: then nothing is compared). Exit 1 if any
# case failed.

set -uo pipefail

TOOLS=" ip sysctl iptables conntrack "
# IPv4 sysctls a host may ship with non-default values; lo copies `default` when the
# namespace is created, so it is set too.
CONF_KEYS="rp_filter arp_ignore arp_announce arp_filter accept_local route_localnet
promote_secondaries src_valid_mark ignore_routes_with_linkdown"

mode=compare
jobs=${ORACLE_JOBS:-1}
keep=0
save=0
while [ $# -gt 0 ]; do
	case $1 in
	--real-only) mode=real ;;
	--save) save=1 ;;
	--selftest) mode=selftest ;;
	--keep) keep=1 ;;
	-j) jobs=$2; shift ;;
	-j*) jobs=${1#-j} ;;
	-h | --help)
		sed -n '2,/^$/s/^# \{0,1\}//p' "$0"
		exit 0
		;;
	--) shift; break ;;
	-*) echo "oracle.sh: unknown option $1" >&2; exit 2 ;;
	*) break ;;
	esac
	shift
done
[ $# -gt 0 ] || { echo "usage: oracle.sh [--real-only|--selftest] [-j N] [--keep] CASE..." >&2; exit 2; }

PKTPATH=${PKTPATH:-./pktpath}
[ "$mode" = compare ] && case $PKTPATH in */*) ;; *) PKTPATH=$(command -v "$PKTPATH" || echo "$PKTPATH") ;; esac
[ "$mode" = compare ] && case $PKTPATH in /*) ;; *) PKTPATH=$PWD/$PKTPATH ;; esac

tmp=$(mktemp -d "${TMPDIR:-/tmp}/pktpath-oracle.XXXXXX") || exit 2
cleanup() {
	local f ns
	for f in "$tmp"/*/netns; do
		[ -f "$f" ] || continue
		while read -r ns; do ip netns del "$ns" 2>/dev/null; done <"$f"
	done
	if [ "$keep" = 1 ] || [ -e "$tmp/.keep" ]; then
		rm -f "$tmp"/*/netns
	else
		rm -rf "$tmp"
	fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Can this machine create network namespaces? (root, /run/netns, CONFIG_NET_NS)
netns_ok() {
	local ns="ppo-probe-$$"
	ip netns add "$ns" 2>/dev/null || return 1
	ip netns del "$ns" 2>/dev/null
	return 0
}

# ns_setup NS: fresh namespace with IPv6 off and IPv4 sysctls at the kernel's defaults.
ns_setup() {
	local ns=$1 args=() k d
	ip netns add "$ns" || return 1
	args=(net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
		net.ipv6.conf.lo.disable_ipv6=1 net.ipv4.ip_forward=0)
	for d in all default lo; do
		for k in $CONF_KEYS; do args+=("net.ipv4.conf.$d.$k=0"); done
	done
	ip netns exec "$ns" sysctl -q -w "${args[@]}" >/dev/null
}

# real_run CASE OUT DIR: run CASE against the kernel, write the transcript to OUT.
# Namespaces are listed in DIR/netns (deleted at the end, and by the EXIT trap).
# Returns 2 on a harness error (message on stderr).
real_run() {
	local case=$1 out=$2 dir=$3 line lineno=0 host ns rc w tag
	local -A nsof=()
	tag=$(basename "$dir")
	: >"$out"
	: >"$dir/netns"
	while IFS= read -r line || [ -n "$line" ]; do
		lineno=$((lineno + 1))
		[[ $line =~ ^[[:space:]]*(#|$) ]] && continue
		set -f
		read -ra w <<<"$line"
		set +f
		if [[ $TOOLS == *" ${w[0]} "* ]]; then
			host=h
		else
			host=${w[0]}
			w=("${w[@]:1}")
			if [ ${#w[@]} -eq 0 ] || [[ $TOOLS != *" ${w[0]} "* ]]; then
				echo "$case:$lineno: unsupported command: $line" >&2
				return 2
			fi
		fi
		ns=${nsof[$host]:-}
		if [ -z "$ns" ]; then
			ns="ppo-$host-$$-$tag"
			echo "$ns" >>"$dir/netns"
			ns_setup "$ns" || { echo "$case:$lineno: cannot create namespace $ns" >&2; return 2; }
			nsof[$host]=$ns
		fi
		if [ "${w[0]}" = ip ]; then
			ip -n "$ns" "${w[@]:1}" >"$dir/o" 2>"$dir/e" </dev/null
		else
			ip netns exec "$ns" "${w[@]}" >"$dir/o" 2>"$dir/e" </dev/null
		fi
		rc=$?
		{
			printf '$ %s\n' "$line"
			cat "$dir/o"
			[ -s "$dir/o" ] && [ "$(tail -c1 "$dir/o" | od -An -c | tr -d ' ')" != '\n' ] && echo
			while IFS= read -r l || [ -n "$l" ]; do printf '! %s\n' "$l"; done <"$dir/e"
			[ $rc -ne 0 ] && printf '[rc %d]\n' $rc
		} >>"$out"
	done <"$case"
	while read -r ns; do ip netns del "$ns" 2>/dev/null; done <"$dir/netns"
	: >"$dir/netns"
	return 0
}

# The IPv4 part of ns_setup's writes, as one console line. The kernel remembers which
# conf keys were ever written (a written conf/default key is no longer copied into
# devices that exist, and new devices inherit that memory), so pktpath must see the same
# writes: sim_input runs this line on every host before the host's first command.
prelude_line() {
	local host=$1 k d line="sysctl -q -w net.ipv4.ip_forward=0"
	for d in all default lo; do
		for k in $CONF_KEYS; do line+=" net.ipv4.conf.$d.$k=0"; done
	done
	[ "$host" = h ] || line="$host $line"
	echo "$line #oracle-prelude"
}

# sim_input CASE: the case with prelude_line inserted before each host's first line.
sim_input() {
	local line w host
	local -A seen=()
	while IFS= read -r line || [ -n "$line" ]; do
		if [[ ! $line =~ ^[[:space:]]*(#|$) ]]; then
			set -f
			read -ra w <<<"$line"
			set +f
			host=h
			[[ $TOOLS == *" ${w[0]} "* ]] || host=${w[0]}
			if [ -z "${seen[$host]:-}" ]; then
				seen[$host]=1
				prelude_line "$host"
			fi
		fi
		printf '%s\n' "$line"
	done <"$1"
}

# sim_run CASE OUT DIR: the same script through pktpath. Returns 1 when pktpath itself
# failed (crash, sanitizer report, usage error) rather than reporting command errors.
sim_run() {
	local case=$1 out=$2 dir=$3 rc
	sim_input "$case" >"$dir/sim-input.ip"
	ASAN_OPTIONS=${ASAN_OPTIONS:-exitcode=99:abort_on_error=0} \
	UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1:exitcode=99} \
		timeout "${ORACLE_TIMEOUT:-30}" "$PKTPATH" run --echo "$dir/sim-input.ip" \
		>"$dir/pktpath.raw" 2>"$dir/pktpath.stderr" </dev/null
	rc=$?
	# drop the prelude's transcript entries (its lines end in #oracle-prelude)
	awk '/^\$ .*#oracle-prelude$/ { skip = 1; next } /^\$ / { skip = 0 } !skip' \
		"$dir/pktpath.raw" >"$out"
	echo $rc >"$dir/pktpath.rc"
	[ $rc -le 1 ]
}

# case_body CASE DIR NAME: run one case in DIR, print its report, print pass|fail to fd 3.
case_body() {
	local case=$1 dir=$2 name=$3 real=$2/real.txt sim=$2/pktpath.txt why="" label=pktpath
	if ! real_run "$case" "$real" "$dir" 2>"$dir/harness.err"; then
		echo "FAIL $name (harness error)"
		cat "$dir/harness.err"
		echo "kept in $dir"
		echo fail >&3
		return
	fi
	case $mode in
	real)
		if [ $save = 1 ] && [[ $case == *.ip ]]; then
			cp "$real" "${case%.ip}.real" && echo "wrote ${case%.ip}.real"
		else
			cat "$real"
		fi
		echo pass >&3
		return
		;;
	selftest)
		label="real kernel, 2nd run"
		if ! real_run "$case" "$sim" "$dir" 2>"$dir/harness.err"; then
			echo "FAIL $name (harness error)"
			cat "$dir/harness.err"
			echo fail >&3
			return
		fi
		;;
	compare)
		sim_run "$case" "$sim" "$dir" || why=" (pktpath exited with status $(cat "$dir/pktpath.rc"))"
		if [ "${ORACLE_SAVE_REAL:-1}" = 1 ] && [[ $case == *.ip ]]; then
			cmp -s "$real" "${case%.ip}.real" 2>/dev/null || cp "$real" "${case%.ip}.real" 2>/dev/null
		fi
		;;
	esac
	if diff -u --label "real kernel" --label "$label" "$real" "$sim" >"$dir/diff" && [ -z "$why" ]; then
		echo "PASS $name"
		echo pass >&3
	else
		echo "FAIL $name$why"
		cat "$dir/diff"
		[ -s "$dir/pktpath.stderr" ] && { echo "--- pktpath stderr:"; tail -n 20 "$dir/pktpath.stderr"; }
		echo "kept in $dir"
		echo fail >&3
	fi
}

# one_case N CASE: run one case in $tmp/N; its report goes to $tmp/N/report and its
# verdict (pass|fail) to $tmp/N/verdict, written last (flush_reports waits for it).
one_case() {
	local n=$1 case=$2 name dir
	name=$(basename "$case" .ip)
	dir=$tmp/$n
	mkdir -p "$dir"
	cp "$case" "$dir/$name.ip"
	case_body "$case" "$dir" "$name" >"$dir/report" 3>"$dir/v"
	[ -s "$dir/v" ] || echo fail >"$dir/v"
	mv "$dir/v" "$dir/verdict"
}

if ! netns_ok; then
	echo "SKIPPED: cannot create network namespaces (needs root and 'ip netns add'); $# kernel oracle case(s) not run" >&2
	echo "0 passed, 0 failed, $# skipped"
	exit 0
fi
if [ "$mode" = compare ] && [ ! -x "$PKTPATH" ]; then
	echo "oracle.sh: pktpath binary not found: $PKTPATH (set PKTPATH=)" >&2
fi

# Reports are printed in case order as soon as all earlier ones are done.
next=1
flush_reports() {
	while [ $next -le $n ] && [ -f "$tmp/$next/verdict" ]; do
		cat "$tmp/$next/report"
		next=$((next + 1))
	done
}

n=0
for case in "$@"; do
	n=$((n + 1))
	if [ ! -r "$case" ]; then
		mkdir -p "$tmp/$n"
		echo "FAIL $case (cannot read)" >"$tmp/$n/report"
		echo fail >"$tmp/$n/verdict"
	elif [ "$jobs" -le 1 ]; then
		one_case $n "$case"
	else
		while [ "$(jobs -rp | wc -l)" -ge "$jobs" ]; do
			wait -n
			flush_reports
		done
		one_case $n "$case" &
	fi
	flush_reports
done
wait
flush_reports
pass=0 fail=0
for i in $(seq 1 $n); do
	if [ "$(cat "$tmp/$i/verdict" 2>/dev/null)" = pass ]; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		touch "$tmp/.keep"
	fi
done
[ "$mode" = real ] && [ $fail -eq 0 ] && exit 0
[ $fail -gt 0 ] && echo "failing cases and both transcripts kept in $tmp"
echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
