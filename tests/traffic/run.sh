#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# Traffic kernel oracle: play a scene in pktpath and in real network namespaces, and
# compare what crossed every NIC and what the applications saw.
#
# usage: tests/traffic/run.sh [--keep] [SCENE...]
#   default scenes: every lesson (scenes/*.scene), the golden scenes whose traffic the
#   kernel can replay (tests/golden: c3, p4, p5, p6, p10, p13, p17 and the netfilter
#   ones p8a-p8d, p9, nat-*, nf-reject-drop) and tests/traffic/cases/*.scene (oracle-only
#   variants). A default case in UNPINNED below is listed as SKIP with its reason.
#   --keep leaves the work directories in $TMPDIR.
#
# A case is an ordinary pktpath scene (title/title.ru/step/step.ru/say/expect lines are not commands;
# `include FILE` is inlined, `! CMD` is played as CMD and its outcome compared).
# Real side, per case:
#   * one namespace per host (`pt<pid>-<n>-<host>`), IPv6 disabled, the IPv4 sysctls
#     at the kernel's defaults set explicitly (all, default, lo), never the root
#     namespace; `trap` deletes them all; igmp_link_local_mcast_reports=0 (a bridge
#     with multicast snooping reports 224.0.0.106; pktpath models no IGMP);
#   * `ip`/`sysctl`/`iptables`/`conntrack` lines run in the host's namespace (`netns X`
#     names are translated); after each `ip link add` every new NIC gets the MAC the
#     simulator gave it (read with `pktpath run` and `ip link show`), so frames compare
#     byte for byte; `# oracle: HOST CMD` comment lines (invisible to pktpath) run on the
#     real side only, to pin timing the simulator does not model (e.g. a qdisc);
#   * before the first traffic line the runner waits for bridge ports to forward, then
#     tcpdump (-U -w) starts on every NIC, lo included (libpcap keeps one copy of a frame
#     on lo: the simulator's nic-tx) and bridges too (what the bridge takes up to its own
#     stack); on a bridge port twice, -Q in and -Q out, since the frames it forwards
#     are not its own (the simulator's: the frame a host or bridge sends to the port,
#     and the bridge's wire events out of it);
#     traffic lines go to one `sockhelper agent` per host (build/tests/sockhelper),
#     which does them with real sockets, each named socket on the ephemeral port the
#     simulator gave it (see PIN below); after each one the runner waits
#     TRAFFIC_SETTLE seconds (default 0.25) so the exchange completes, as the simulator
#     runs each exchange until nothing is in flight. `sleep` sleeps.
# Compared (diff -u, simulator first):
#   == packets      per host and NIC, in order: direction, MACs, ARP op/IPs or IP TTL, DF,
#                   src/dst, protocol, ports, TCP flags, payload length, the TCP options
#                   (the MSS's value, the kinds of all in order),
#                   ICMP echo ids and the header an ICMP error quotes (ephemeral ports,
#                   >= 32768, and ports >= 1024 the scene never names, e.g. a NAT's
#                   choice on a clash, are renamed e1, e2… in order of first appearance)
#   == application  per host: data read (with the sender for UDP), EOF, accept's
#                   local/remote, errnos, ping replies (unnamed sockets tcpN/udpN: *),
#                   up to the end of the scene (not what closing the agents causes)
#   == netfilter    on hosts that ran iptables/conntrack, at the end: `conntrack -L`
#                   (sorted, timeout and ICMP id blanked) and `iptables -t T -S -v` for
#                   each table the scene used, the simulator's from `pktpath run`: packet
#                   and byte counters compared (so every packet's length, TCP options
#                   and ICMP quotes included); a case with a `# oracle-no-counters: WHY`
#                   line compares the rules without their counters (WHY: a timer the
#                   scene cannot pin sends a packet again on the real side)
#   == link counters  per host and NIC at the end, `ip -s link`: packets and bytes
#                   received and sent (not in an oracle-no-counters case)
#   == commands     per config line: OK or ERROR
#   == route get    per `expect HOST route get …` line, at its place in the scene: the
#                   kernel's `ip route get` gives what the line expects (dev, src, via,
#                   table, mtu [lock] N, or `fails TEXT`); pktpath's answer is `pktpath
#                   check`'s job
# A case pins an ARP race with static neighbours or sysctls (docs/kernel.md §10 notes), or
# names the other allowed outcome in tests/traffic/alt/NAME.scene (same scene, other
# winner): then the real packets and applications may match either simulation.
# Output: PASS/FAIL/SKIP per case (FAIL with the diff), then `N passed, N failed` (plus
# `, N skipped`; when namespaces, root or tcpdump are missing nothing runs).
# Environment: PKTPATH (default ./pktpath), BUILD (default build; the helper is
# $BUILD/tests/sockhelper unless SOCKHELPER is set), TRAFFIC_SETTLE.

set -uo pipefail
cd "$(dirname "$0")/../.." || exit 2

PKTPATH=${PKTPATH:-./pktpath}
BUILD=${BUILD:-build}
SOCKHELPER=${SOCKHELPER:-$BUILD/tests/sockhelper}
SETTLE=${TRAFFIC_SETTLE:-0.25}
CONF_KEYS="rp_filter arp_ignore arp_announce arp_filter arp_accept accept_local route_localnet
promote_secondaries src_valid_mark ignore_routes_with_linkdown"
TRAFFIC_VERBS=" listen connect accept send sendto close udp ping inject ss "
keep=0
if [ "${1:-}" = --keep ]; then keep=1; shift; fi
cases=("$@")
# default cases whose real outcome is timing, not kernel logic, and not pinned yet: listed
# (SKIP with the reason) rather than dropped; named on the command line they run anyway
declare -A UNPINNED=()
explicit=$#
if [ ${#cases[@]} -eq 0 ]; then
	shopt -s nullglob
	cases=(scenes/*.scene tests/golden/c3-retransmit.scene tests/golden/p4-udp-source.scene
		tests/golden/p5-rp-filter.scene tests/golden/p6-arp-flux.scene tests/golden/p10-from-rule.scene
		tests/golden/p13-errnos.scene tests/golden/p17-bindtodevice.scene
		tests/golden/p8a-snat-replace.scene tests/golden/p8b-conntrack-flush.scene
		tests/golden/p8c-reply-no-nat.scene tests/golden/p8d-masq-oif-change.scene
		tests/golden/p9-fwmark-reroute.scene tests/golden/nat-dnat-portforward.scene
		tests/golden/nat-masq-two-clients.scene tests/golden/nf-reject-drop.scene
		tests/traffic/cases/*.scene)
	shopt -u nullglob
fi

skip_all() {
	echo "traffic oracle: SKIPPED: $1" >&2
	echo "SKIP all ${#cases[@]} traffic cases: $1"
	echo "0 passed, 0 failed, ${#cases[@]} skipped"
	exit 0
}
[ "$(id -u)" -eq 0 ] || skip_all "not root"
command -v tcpdump >/dev/null || skip_all "tcpdump not installed"
probe=ptprobe$$
ip netns add "$probe" 2>/dev/null || skip_all "cannot create network namespaces"
ip netns del "$probe"
for f in "$PKTPATH" "$SOCKHELPER"; do
	if [ ! -x "$f" ]; then
		echo "traffic oracle: $f is missing (make)" >&2
		echo "0 passed, 1 failed"
		exit 1
	fi
done
SOCKHELPER=$(realpath "$SOCKHELPER")

NSLIST=()
PIDS=()
TMPS=()
cleanup() {
	local p n
	for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null; done
	for n in "${NSLIST[@]}"; do ip netns del "$n" 2>/dev/null; done
	if [ "$keep" = 0 ]; then
		for n in "${TMPS[@]}"; do rm -rf "$n"; done
	fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

ns_setup() { # NS
	local n=$1 k
	ip netns add "$n" || return 1
	NSLIST+=("$n")
	ip netns exec "$n" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1 \
		net.ipv6.conf.lo.disable_ipv6=1 net.ipv4.ip_forward=0 \
		net.ipv4.igmp_link_local_mcast_reports=0 >/dev/null
	for k in $CONF_KEYS; do
		ip netns exec "$n" sysctl -qw "net.ipv4.conf.all.$k=0" "net.ipv4.conf.default.$k=0" \
			"net.ipv4.conf.lo.$k=0" >/dev/null 2>&1
	done
}

# TCP is a byte stream: consecutive reads of one socket are joined, since how the bytes
# split into read() calls depends on when the helper polls, not on the kernel ("one" and
# "twothree" arriving 20 us apart are one read for the helper, two for the simulator).
# UDP reads (they name the sender: `… from A:P`) stay apart.
tcp_reads() {
	awk '
		function flush() { if (held != "") print held; held = ""; key = "" }
		/^app [^ ]+ recv [^ ]+ ".*"$/ && $0 !~ /" from [^ ]+$/ {
			k = $2 " " $4
			if (k == key) { held = substr(held, 1, length(held) - 1) substr($0, index($0, "\"") + 1); next }
			flush(); held = $0; key = k; next
		}
		{ flush(); print }
		END { flush() }'
}

# ports >= 32768, and ports >= 1024 that the scene does not name (a NAT's choice on a
# clash is random in 1024-65535) -> e1, e2… in order of first appearance (packets
# first, then apps, then netfilter state); $T/named lists the numbers the scene names.
# ICMP echo identifiers in packets (id=N; a source NAT draws one on a clash) -> i1, i2…
portmap() {
	awk -v named="$T/named" '
	BEGIN { while ((getline w < named) > 0) keep[w] = 1 }
	function m(p) {
		if (p + 0 < 1024 || (p + 0 < 32768 && (p in keep))) return p
		if (!(p in map)) map[p] = "e" (++n)
		return map[p]
	}
	function mi(v) {
		if (!(v in imap)) imap[v] = "i" (++ni)
		return imap[v]
	}
	{
		for (i = 1; i <= NF; i++) {
			if (($(i-1) == "tcp" || $(i-1) == "udp") && $i ~ /^[0-9]+>[0-9]+$/) {
				split($i, a, ">"); $i = m(a[1]) ">" m(a[2])
			} else if ($i ~ /^[0-9.]+:[0-9]+$/) {
				split($i, a, ":"); $i = a[1] ":" m(a[2])
			} else if ($i ~ /^(sport|dport)=[0-9]+$/) {
				split($i, a, "="); $i = a[1] "=" m(a[2])
			} else if ($i ~ /^id=[0-9]+$/ && $(i-1) ~ /^[0-9]+\/[0-9]+$/) {
				split($i, a, "="); $i = "id=" mi(a[2])
			} else if ($i ~ /^(tcp|udp)[0-9]+$/ && $1 == "app") {
				$i = "*"
			}
		}
		print
	}'
}

# the scene as both sides play it: `include FILE` inlined (relative to the including
# file), expect lines dropped but `expect HOST route get …` (pktpath trace skips it; the
# real side checks the kernel's answer there), `! CMD` (a command the scene expects to fail) played as CMD
# (its OK/ERROR, or the application's errno, is compared like any other line's)
expand_scene() { # FILE [DEPTH]
	local f=$1 d=${2:-0} line w rest dir
	dir=$(dirname "$f")
	[ "$d" -lt 8 ] || { echo "include nested too deeply: $f" >&2; return 1; }
	while IFS= read -r line || [ -n "$line" ]; do
		line=${line%$'\r'}
		read -r w rest <<< "$line"
		case $w in
		expect) if [[ $rest =~ ^[^[:space:]]+[[:space:]]+route[[:space:]]+get[[:space:]] ]]; then printf '%s\n' "$line"; fi ;;
		include) case $rest in /*) expand_scene "$rest" $((d + 1)) ;; *) expand_scene "$dir/$rest" $((d + 1)) ;; esac ;;
		!) printf '%s\n' "$rest" ;;
		*) printf '%s\n' "$line" ;;
		esac
	done < "$f"
}

run_case() { # SCENE N -> 0 pass, 1 fail
	local scene=$1 cn=$2 T line host rest w cmd verb h i n started=0
	T=$(mktemp -d "${TMPDIR:-/tmp}/pktpath-traffic.XXXXXX")
	TMPS+=("$T")
	expand_scene "$scene" > "$T/scene" || return 1
	grep -v '^[[:space:]]*#' "$T/scene" | grep -oE '[0-9]+' | sort -u > "$T/named"
	"$PKTPATH" trace "$T/scene" --format jsonl > "$T/sim.jsonl" 2> "$T/sim.err"
	if [ ! -s "$T/sim.jsonl" ]; then
		echo "pktpath trace produced nothing:"; head -5 "$T/sim.err"
		return 1
	fi

	# the command lines, host-prefixed
	local -a L=() H=()
	local -A RO=() RG=()
	local cur=h
	while IFS= read -r line || [ -n "$line" ]; do
		line=${line%$'\r'}
		if [[ $line =~ ^[[:space:]]*#[[:space:]]*oracle:[[:space:]]*([^ ]+)[[:space:]]+(.*)$ ]]; then
			RO[${#L[@]}]=1
			L+=("${BASH_REMATCH[1]} ${BASH_REMATCH[2]}")
			continue
		fi
		# `expect HOST route get …`: the kernel must give the answer the line expects
		if [[ $line =~ ^[[:space:]]*expect[[:space:]]+([^ ]+)[[:space:]]+route[[:space:]]+get[[:space:]]+(.*)$ ]]; then
			RG[${#L[@]}]=1
			L+=("${BASH_REMATCH[1]} ${BASH_REMATCH[2]}")
			continue
		fi
		read -r w rest <<< "$line"
		[ -z "$w" ] && continue
		case $w in \#* | title | title.ru | step | step.ru | say | expect) continue ;; esac
		if [ "$w" = host ]; then cur=$rest; continue; fi
		if [ "$w" = sleep ] || [[ " ip sysctl iptables conntrack $TRAFFIC_VERBS " == *" $w "* ]]; then
			L+=("$cur $line")
		else
			L+=("$line")
			cur=$w
		fi
	done < "$T/scene"
	declare -A seen=() NS=() MAC=() BR=()
	for line in "${L[@]}"; do
		read -r host rest <<< "$line"
		[[ $rest == sleep* ]] && continue
		[ -n "${seen[$host]:-}" ] || { seen[$host]=1; H+=("$host"); }
	done
	for line in "${L[@]}"; do # netns targets are hosts too
		if [[ $line =~ \ netns\ ([^ ]+) ]] && [ -z "${seen[${BASH_REMATCH[1]}]:-}" ]; then
			seen[${BASH_REMATCH[1]}]=1; H+=("${BASH_REMATCH[1]}")
		fi
	done

	# Ephemeral ports: the real kernel picks them at random, the simulator from 40000 up.
	# Scenes name them (an inject or sendto to the port the simulator gave a client) or
	# rely on two clients sharing one (a NAT clash), so every named socket whose port
	# the kernel would choose is bound to the simulator's choice (`connect … from
	# 0.0.0.0:PORT`, `udp bind ADDR:PORT`); nothing else about it changes. (Ports a NAT
	# picks on a clash are random in the kernel too: the e1, e2… renaming covers them.)
	"$SOCKHELPER" sim "$T/sim.jsonl" > "$T/sim.all"
	declare -A PIN=()
	while read -r _ hh nn pp; do
		[ -n "${PIN[$hh/$nn]:-}" ] || PIN[$hh/$nn]=$pp
	done < <(grep '^port ' "$T/sim.all")
	pin_line() { # HOST LINE -> LINE with the simulator's ephemeral port pinned
		local -a ww
		local j nm="" pp
		read -ra ww <<< "$2"
		for ((j = 0; j + 1 < ${#ww[@]}; j++)); do [ "${ww[j]}" = as ] && nm=${ww[j+1]}; done
		pp=${PIN[$1/$nm]:-}
		if [ -z "$nm" ] || [ -z "$pp" ]; then printf '%s\n' "$2"; return; fi
		if [ "${ww[0]}" = connect ]; then
			for ((j = 0; j + 1 < ${#ww[@]}; j++)); do
				if [ "${ww[j]}" = from ]; then
					[[ ${ww[j+1]} == *:* ]] || ww[j+1]=${ww[j+1]}:$pp
					printf '%s\n' "${ww[*]}"; return
				fi
			done
			printf '%s from 0.0.0.0:%s\n' "$2" "$pp"; return
		fi
		if [ "${ww[0]} ${ww[1]:-}" = "udp bind" ] && [[ ${ww[2]:-} == *:0 ]]; then
			ww[2]=${ww[2]%:0}:$pp
			printf '%s\n' "${ww[*]}"; return
		fi
		printf '%s\n' "$2"
	}

	# the simulator's MACs; bridges and bridge ports (not captured)
	for h in "${H[@]}"; do
		{ for line in "${L[@]}"; do [[ $line =~ ^[^\ ]+\ ip\ link ]] && echo "$line"; done
		  echo "$h ip link show"; } | "$PKTPATH" run - 2>/dev/null |
		awk -v h="$h" '/^[0-9]+: / { n = $2; sub(/@.*/, "", n); sub(/:$/, "", n) }
			/link\/ether/ { print h, n, $2 }' > "$T/mac.$h"
		while read -r host n m; do MAC[$host/$n]=$m; done < "$T/mac.$h"
		# lo is captured too: its frames have all-zero MACs, and libpcap keeps one
		# copy of each (the incoming one), as the simulator's nic-tx on lo
		MAC[$h/lo]=00:00:00:00:00:00
	done
	# bridges (BR[...]=dev) and their ports (BR[...]=port)
	for line in "${L[@]}"; do
		read -r host rest <<< "$line"
		[[ $rest =~ ^ip\ link\ add\ ([^ ]+).*type\ bridge ]] && BR[$host/${BASH_REMATCH[1]}]=dev
		[[ $rest =~ ^ip\ link\ set\ (dev\ )?([^ ]+)\ master ]] && BR[$host/${BASH_REMATCH[2]}]=port
	done

	for h in "${H[@]}"; do
		NS[$h]="pt$$-$cn-$h"
		ns_setup "${NS[$h]}" || { echo "cannot create namespace ${NS[$h]}"; return 1; }
	done

	local -A setmac=() AGFD=() AGPID=() ndone=()
	local -a caps=()
	local cdir
	start_traffic() {
		local k hh nn pid
		# the simulator's links are ready at once; a real bridge port whose carrier
		# came up goes forwarding through linkwatch, up to 1 s later: wait for it
		# (waits on state: the 60 s ceiling only turns a bridge that never forwards into a
		# reported error instead of a hang; a slow machine just waits longer)
		for hh in "${H[@]}"; do
			local end=$((SECONDS + 60))
			while ip netns exec "${NS[$hh]}" bridge link show 2>/dev/null | grep 'LOWER_UP' |
				grep -qv 'state forwarding'; do
				[ $SECONDS -lt $end ] || { echo "bridge ports on $hh never went forwarding" >> "$T/real.err"; break; }
				sleep 0.01
			done
		done
		# a bridge port forwards frames that are not its own: which way one went is
		# what it was captured as (-Q), not its source MAC; everything else is
		# captured once (dir "-": out when the frame's source is the NIC's MAC)
		local dirs cdir f
		for k in "${!MAC[@]}"; do
			hh=${k%%/*} nn=${k#*/}
			ip netns exec "${NS[$hh]}" ip link show dev "$nn" >/dev/null 2>&1 || continue
			dirs="-"
			[ "${BR[$k]:-}" = port ] && dirs="in out"
			for cdir in $dirs; do
				f="$T/cap.$hh.$nn.$cdir"
				ip netns exec "${NS[$hh]}" tcpdump -p -n -U --immediate-mode -i "$nn" \
					$([ "$cdir" = - ] || echo "-Q $cdir") -w "$f" 2> "$f.err" &
				pid=$!
				PIDS+=("$pid")
				caps+=("$hh $nn $pid $cdir")
			done
		done
		for k in "${caps[@]}"; do
			read -r hh nn pid cdir <<< "$k"
			until grep -q "listening on" "$T/cap.$hh.$nn.$cdir.err" 2>/dev/null; do
				kill -0 "$pid" 2>/dev/null || { echo "tcpdump on $hh/$nn ($cdir) did not start" >> "$T/real.err"; break; }
				sleep 0.01
			done
		done
		for hh in "${H[@]}"; do
			mkfifo "$T/ag.$hh.in"
			ip netns exec "${NS[$hh]}" "$SOCKHELPER" agent < "$T/ag.$hh.in" > "$T/ag.$hh.out" 2>&1 &
			PIDS+=("$!")
			AGPID[$hh]=$!
			exec {fd}> "$T/ag.$hh.in"
			AGFD[$hh]=$fd
			ndone[$hh]=0
		done
	}
	agent_do() { # HOST LINE
		local hh=$1 c
		printf '%s\n' "$2" >&"${AGFD[$hh]}"
		ndone[$hh]=$((ndone[$hh] + 1))
		# wait on state: the agent answers `done` after every line (its own waits for a
		# peer are bounded inside it); only its death ends the wait early
		for (( ; ; )); do
			c=$(grep -c '^done$' "$T/ag.$hh.out" 2>/dev/null)
			[ "${c:-0}" -ge "${ndone[$hh]}" ] && return 0
			kill -0 "${AGPID[$hh]}" 2>/dev/null || break
			sleep 0.01
		done
		echo "agent on $hh did not answer: $2" >> "$T/real.err"
	}

	# route_get_check HOST WORDS…: `ip route get` in HOST's namespace with the query part
	# of an `expect HOST route get DST [from S] [iif IF] [oif IF] [mark N] [tos T]
	# [ipproto P] [sport N] [dport N] [uid N] EXPECTED…` line; prints "HOST route get WORDS: as expected", or what the kernel
	# said instead. (pktpath's own answer is checked by `pktpath check`.)
	route_get_check() {
		local hh=$1 i out err rc bad=""
		shift
		local -a q=("$1") want=()
		for ((i = 2; i <= $#; i++)); do
			case ${!i} in
			from | iif | oif | mark | tos | ipproto | sport | dport | uid) q+=("${!i}"); i=$((i + 1)); q+=("${!i}") ;;
			*) want+=("${@:i}"); break ;;
			esac
		done
		out=$(ip netns exec "${NS[$hh]}" ip route get "${q[@]}" 2> "$T/rg.err")
		rc=$?
		err=$(cat "$T/rg.err")
		for ((i = 0; i + 1 < ${#want[@]}; i += 2)); do
			case ${want[i]} in
			fails) [ $rc -ne 0 ] && [[ $err == *"${want[i+1]}"* ]] || bad=1 ;;
			mtu)
				if [ "${want[i+1]}" = lock ]; then
					[ $rc -eq 0 ] && [[ " ${out//$'\n'/ } " == *" mtu lock ${want[i+2]:-} "* ]] || bad=1
					i=$((i + 1))
				else
					[ $rc -eq 0 ] && [[ " ${out//$'\n'/ } " == *" mtu ${want[i+1]} "* ]] || bad=1
				fi ;;
			dev | src | via | table) [ $rc -eq 0 ] && [[ " ${out//$'\n'/ } " == *" ${want[i]} ${want[i+1]} "* ]] || bad=1 ;;
			esac
		done
		if [ -z "$bad" ]; then
			echo "$hh route get $*: as expected"
		else
			echo "$hh route get $*: the kernel says: $(printf '%s %s' "$out" "$err" | tr '\n' ' ')"
		fi
	}

	: > "$T/real.cfg"
	: > "$T/real.rg"
	: > "$T/sim.rg"
	local li=-1
	for line in "${L[@]}"; do
		li=$((li + 1))
		read -r host rest <<< "$line"
		read -r verb _ <<< "$rest"
		if [ "$verb" = sleep ]; then
			read -r _ w <<< "$rest"
			case $w in *ms) w=$(awk -v v="${w%ms}" 'BEGIN { print v / 1000 }') ;; *s) w=${w%s} ;; esac
			sleep "$w"
			continue
		fi
		if [[ "$TRAFFIC_VERBS" == *" $verb "* ]]; then
			[ $started = 1 ] || { start_traffic; started=1; }
			[ "$verb" = ss ] && continue
			agent_do "$host" "$(pin_line "$host" "$rest")"
			sleep "$SETTLE"
			continue
		fi
		# a configuration command: translate `netns X`, run it in the host's namespace
		# (words split like a shell does, quotes and all: xargs)
		local -a words
		mapfile -d '' words < <(printf '%s' "$rest" | xargs printf '%s\0')
		for ((i = 0; i + 1 < ${#words[@]}; i++)); do
			if [ "${words[i]}" = netns ] && [ -n "${NS[${words[i+1]}]:-}" ]; then
				words[i+1]=${NS[${words[i+1]}]}
			fi
		done
		if [ -n "${RG[$li]:-}" ]; then
			route_get_check "$host" "${words[@]}" >> "$T/real.rg"
			echo "$host route get ${words[*]}: as expected" >> "$T/sim.rg"
			continue
		fi
		if [ -n "${RO[$li]:-}" ]; then
			ip netns exec "${NS[$host]}" "${words[@]}" > "$T/cmd.out" 2>&1 ||
				{ echo "oracle-only line failed: $line"; sed 's/^/  /' "$T/cmd.out"; } >> "$T/real.err"
			continue
		fi
		if ip netns exec "${NS[$host]}" "${words[@]}" > "$T/cmd.out" 2>&1; then
			echo "cfg $host OK $line" >> "$T/real.cfg"
		else
			echo "cfg $host ERROR $line" >> "$T/real.cfg"
			sed 's/^/  /' "$T/cmd.out" >> "$T/real.err"
		fi
		if [[ $rest == "ip link add "* ]]; then
			local k hh nn
			for k in "${!MAC[@]}"; do
				[ -n "${setmac[$k]:-}" ] && continue
				hh=${k%%/*} nn=${k#*/}
				[ "$nn" = lo ] && continue
				if ip netns exec "${NS[$hh]}" ip link show dev "$nn" >/dev/null 2>&1; then
					ip netns exec "${NS[$hh]}" ip link set dev "$nn" address "${MAC[$k]}"
					# the simulator has no DELAY/PROBE neighbour states (its entries only
					# go STALE), so the kernel must not send a unicast ARP probe 5 s after
					# a STALE entry is used: on a busy machine a scene's real run lasts
					# long enough for that, and the comparison must not depend on speed
					# (neigh/default exists only in the first namespace: set it per NIC)
					ip netns exec "${NS[$hh]}" sysctl -qw \
						"net/ipv4/neigh/$nn/delay_first_probe_time=3600" >/dev/null
					setmac[$k]=1
				fi
			done
		fi
	done
	[ $started = 1 ] || start_traffic
	sleep "$SETTLE"

	# netfilter state at the end, on every host that ran iptables or conntrack:
	# `conntrack -L` (sorted, timeouts and ICMP ids blanked) and `iptables -t T -S` for
	# every table the scene touched; the simulator's from `pktpath run` of the same lines
	local -A NFT=()
	for line in "${L[@]}"; do
		read -r host verb rest <<< "$line"
		case $verb in
		conntrack) NFT[$host]+="" ;;
		iptables) if [[ " $rest " =~ \ -t\ ([a-z]+)\  ]]; then NFT[$host]+=" ${BASH_REMATCH[1]}"; else NFT[$host]+=" filter"; fi ;;
		esac
	done
	: > "$T/real.nf"
	: > "$T/sim.nf"
	if [ ${#NFT[@]} -gt 0 ]; then
		local tb
		ctnorm() { awk '{ $3 = "T"; for (i = 4; i <= NF; i++) if ($i ~ /^id=/) $i = "id=*"; print }' | sort; }
		# the packet and byte counters (\1 \2), or none where the case says its counters
		# are timing
		local cnt='\1 \2'
		grep -Eq '^[[:space:]]*#[[:space:]]*oracle-no-counters:' "$T/scene" && cnt='* *'
		grep -Ev '^[[:space:]]*(title|title\.ru|step|step\.ru|say)([[:space:]]|$)' "$T/scene" > "$T/state.cmds"
		for hh in $(printf '%s\n' "${!NFT[@]}" | sort); do
			echo "$hh conntrack -L" >> "$T/state.cmds"
			ip netns exec "${NS[$hh]}" conntrack -L 2>/dev/null | ctnorm | sed "s/^/ct $hh /" >> "$T/real.nf"
			for tb in $(printf '%s\n' ${NFT[$hh]} | sort -u); do
				echo "$hh iptables -t $tb -S -v" >> "$T/state.cmds"
				ip netns exec "${NS[$hh]}" iptables -t "$tb" -S -v 2>&1 | sed -E "s/ -c ([0-9]+) ([0-9]+)/ -c $cnt/; s/^/nf $hh $tb /" >> "$T/real.nf"
			done
		done
		"$PKTPATH" run --echo "$T/state.cmds" 2>&1 | awk '
			/^\$ / { ct = 0; nf = 0 }
			/^\$ [^ ]+ conntrack -L$/ { ct = 1; h = $2; next }
			/^\$ [^ ]+ iptables -t [a-z]+ -S -v$/ { nf = 1; h = $2; tb = $5; next }
			/^(! |\[rc )/ { next }
			ct { print "ct " h " " $0 | "cat >&3" }
			nf { print "nf " h " " tb " " $0 }' 3> "$T/sim.ct" | sed -E "s/ -c ([0-9]+) ([0-9]+)/ -c $cnt/" > "$T/sim.nf"
		for hh in $(printf '%s\n' "${!NFT[@]}" | sort); do
			grep "^ct $hh " "$T/sim.ct" | cut -d' ' -f3- | ctnorm | sed "s/^/ct $hh /"
		done > "$T/sim.ct2"
		cat "$T/sim.ct2" "$T/sim.nf" > "$T/sim.nf.all"
		mv "$T/sim.nf.all" "$T/sim.nf"
		# real: conntrack lines first, then iptables, like the simulator's
		{ grep '^ct ' "$T/real.nf"; grep '^nf ' "$T/real.nf"; } > "$T/real.nf.all"
		mv "$T/real.nf.all" "$T/real.nf"
	fi
	# every NIC's counters at the end (`ip -s link`): packets and bytes each way, on
	# both sides; not where the case says its counters are timing
	: > "$T/real.ls"
	: > "$T/sim.ls"
	if ! grep -Eq '^[[:space:]]*#[[:space:]]*oracle-no-counters:' "$T/scene"; then
		# linkstats HOST: `ip -s link` on stdin -> "ls HOST NIC rx BYTES PKTS tx BYTES PKTS"
		linkstats() {
			awk -v h="$1" '/^[0-9]+: / { n = $2; sub(/@.*/, "", n); sub(/:$/, "", n) }
				/^    RX: / { getline; rx = $1 " " $2 }
				/^    TX: / { getline; print "ls " h " " n " rx " rx " tx " $1 " " $2 }'
		}
		grep -Ev '^[[:space:]]*(title|title\.ru|step|step\.ru|say)([[:space:]]|$)' "$T/scene" > "$T/links.cmds"
		for hh in "${H[@]}"; do
			echo "$hh ip -s link show" >> "$T/links.cmds"
			ip netns exec "${NS[$hh]}" ip -s link show 2>&1 | linkstats "$hh" >> "$T/real.ls"
		done
		"$PKTPATH" run --echo "$T/links.cmds" 2>&1 | awk '
			/^\$ [^ ]+ ip -s link show$/ { h = $2; on = 1; next }
			/^(\$|! |\[rc )/ { on = 0; next }
			on { print h " " $0 }' > "$T/sim.ls.raw"
		for hh in "${H[@]}"; do
			grep "^$hh " "$T/sim.ls.raw" | cut -d' ' -f2- | linkstats "$hh"
		done > "$T/sim.ls"
	fi
	for k in "${caps[@]}"; do
		read -r hh nn pid cdir <<< "$k"
		kill -INT "$pid" 2>/dev/null
	done
	for k in "${caps[@]}"; do
		read -r hh nn pid cdir <<< "$k"
		wait "$pid" 2>/dev/null
	done
	# what the applications saw until now: quitting closes sockets (a listener's close
	# resets the connections it did not accept), which is not the scene's doing
	for hh in "${H[@]}"; do cp "$T/ag.$hh.out" "$T/ag.$hh.seen"; done
	for hh in "${H[@]}"; do
		fd=${AGFD[$hh]}
		printf 'quit\n' >&"$fd"
		exec {fd}>&-
	done
	wait 2>/dev/null

	# canonical lists
	# simpkts SIM.ALL: the simulator's frames on the captured NICs; a frame that goes to a
	# bridge port ("bin": the sender's event names the port it goes to) is what that
	# port captures coming in
	simpkts() {
		awk -v set="$capset " -v ports="$portset " '
			($1 == "pkt" && index(set, " " $3 "/" $4 " ")) || ($1 == "bin" && index(ports, " " $3 "/" $4 " ")) {
				$1 = ""; $2 = ""; print substr($0, 3) }' "$1"
	}
	local capset="" portset=""
	for k in "${caps[@]}"; do
		read -r hh nn pid cdir <<< "$k"
		capset+=" $hh/$nn"
		[ "$cdir" = in ] && portset+=" $hh/$nn"
	done
	for k in "${caps[@]}"; do
		read -r hh nn pid cdir <<< "$k"
		"$SOCKHELPER" pcap "$T/cap.$hh.$nn.$cdir" "$hh" "$nn" "${MAC[$hh/$nn]}" "$cdir"
	done | sort -n -s -k1,1 | cut -d' ' -f2- > "$T/real.pkts"
	for hh in "${H[@]}"; do
		grep -Ev '^(done|note )' "$T/ag.$hh.seen" | sed "s/^/app $hh /"
	done > "$T/real.apps"
	simpkts "$T/sim.all" > "$T/sim.pkts"
	grep '^app ' "$T/sim.all" > "$T/sim.apps"
	grep '^cfg ' "$T/sim.all" | grep -v "^cfg [^ ]* [A-Z]* [^ ]* \(sleep\|ss\)\b" > "$T/sim.cfg"
	for side in sim real; do
		{
			echo "== packets"
			cat "$T/$side.pkts" "$T/$side.apps" "$T/$side.nf" | portmap > "$T/$side.mapped"
			grep -Ev '^(app|ct|nf) ' "$T/$side.mapped" | sort -s -k1,2
			echo "== application"
			grep '^app ' "$T/$side.mapped" | sort -s -k2,2 | tcp_reads
			if [ -s "$T/$side.nf" ]; then
				echo "== netfilter"
				grep -E '^(ct|nf) ' "$T/$side.mapped"
			fi
			if [ -s "$T/$side.ls" ]; then
				echo "== link counters"
				sort -s -k2,3 "$T/$side.ls"
			fi
			echo "== commands"
			sed 's/^cfg //' "$T/$side.cfg"
			if [ -s "$T/$side.rg" ]; then
				echo "== route get"
				cat "$T/$side.rg"
			fi
		} > "$T/$side.canon"
	done
	if diff -u --label "pktpath ($scene)" --label "real kernel" "$T/sim.canon" "$T/real.canon" > "$T/diff"; then
		return 0
	fi
	# a race the case does not pin: tests/traffic/alt/NAME.scene is the same scene with
	# the other winner (e.g. the bridge ports enslaved in the other order); the real
	# packets and applications may match either
	local alt="tests/traffic/alt/$(basename "$scene")"
	if [ -f "$alt" ]; then
		expand_scene "$alt" > "$T/alt.scene"
		"$PKTPATH" trace "$T/alt.scene" --format jsonl > "$T/alt.jsonl" 2>/dev/null
		"$SOCKHELPER" sim "$T/alt.jsonl" > "$T/alt.all"
		{
			simpkts "$T/alt.all"
			grep '^app ' "$T/alt.all"
		} | portmap > "$T/alt.mapped"
		for side in alt real; do
			{ echo "== packets"; grep -Ev '^(app|ct|nf) ' "$T/$side.mapped" | sort -s -k1,2
			  echo "== application"; grep '^app ' "$T/$side.mapped" | sort -s -k2,2 | tcp_reads; } > "$T/$side.race"
		done
		if diff -q "$T/alt.race" "$T/real.race" > /dev/null; then
			echo "note: the real kernel took the other side of the race ($alt)"
			return 0
		fi
		echo "(the alternative outcome $alt does not match either)"
	fi
	cat "$T/diff"
	[ -s "$T/real.err" ] && { echo "real side:"; cat "$T/real.err"; }
	return 1
}

pass=0 fail=0 skip=0 n=0
for c in "${cases[@]}"; do
	n=$((n + 1))
	if [ "$explicit" = 0 ] && [ -n "${UNPINNED[$c]:-}" ]; then
		echo "SKIP $c: ${UNPINNED[$c]}"
		skip=$((skip + 1))
		continue
	fi
	if out=$(
		trap cleanup EXIT
		trap 'exit 130' INT TERM
		run_case "$c" "$n" 2>&1
	); then
		echo "PASS $c"
		printf '%s\n' "$out" | grep '^note:'
		pass=$((pass + 1))
	else
		echo "FAIL $c"
		printf '%s\n' "$out" | head -80
		fail=$((fail + 1))
	fi
done
echo "$pass passed, $fail failed$([ "$skip" -gt 0 ] && echo ", $skip skipped")"
[ "$fail" -eq 0 ]
