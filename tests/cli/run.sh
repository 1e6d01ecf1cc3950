#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# pktpath's own command line: a missing value, an unknown option or a second file is a
# clear error with exit status 2 and changes nothing; --help and --version exit 0.
# Last line: `N passed, N failed`.
set -uo pipefail
cd "$(dirname "$0")/../.." || exit 2
PKTPATH=${PKTPATH:-./pktpath}
pass=0 fail=0
tmp=$(mktemp -d "${TMPDIR:-/tmp}/pktpath-cli.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
. tests/lib/report.sh
# t NAME WANT_RC STDERR_REGEX ARGS…
t() {
	local name=$1 want=$2 re=$3 rc
	shift 3
	"$PKTPATH" "$@" </dev/null >"$tmp/out" 2>"$tmp/err"
	rc=$?
	if [ "$rc" = "$want" ] && grep -Eq -- "$re" "$tmp/err" "$tmp/out"; then
		ok "$name"
	else
		bad "$name (rc $rc, want $want)" "$tmp/err"
	fi
}
t "run --netns without a value" 2 "^pktpath run: option '--netns' requires a value \\(NAME\\)$" run --netns
t "run --netns= (empty)" 2 "needs a NAME" run --netns=
t "trace --format without a value" 2 "^pktpath trace: option '--format' requires a value$" trace --format
t "render --size without a value" 2 "^pktpath render: option '--size' requires a value$" render --size
t "render --event without a value" 2 "^pktpath render: option '--event' requires a value$" render --event
t "export --pcap without a value" 2 "^pktpath export: option '--pcap' requires a value$" export --pcap
t "record --beat without a value" 2 "^pktpath record: option '--beat' requires a value$" record c6-better-route --beat
t "trace --format=jsonl" 0 '^\{"step":0' trace --format=jsonl
t "run: unknown option" 2 "^pktpath run: unknown option '--bogus'$" run --bogus
t "run: a second file" 2 "one FILE at most \\('b' is a second\\)" run a b
t "run --apply=x" 2 "--apply takes no value or =host, not 'x'" run --apply=x --netns x
t "run --apply without --netns" 2 "--apply needs --netns NAME" run --apply
t "run: a missing file" 2 "^pktpath: $tmp/none: No such file or directory$" run "$tmp/none"
t "run --help" 0 "usage: pktpath" run --help
t "--help" 0 "usage: pktpath" --help
t "--version" 0 "^pktpath [0-9]" --version
printf 'ip link set lo up\nip route show table local\n' >"$tmp/in"
t "run --echo FILE still works" 0 '^\$ ip route show table local$' run --echo "$tmp/in"

# answers and errors on one file (2>&1: a pipe, a file) stay in the order of the lines
# that made them; on two files each gets its own
printf 'ip link set lo up\nip route get 127.0.0.1\nip route get 10.9.9.9\nip route get 127.0.0.2\nip route get 10.9.9.8\n' >"$tmp/order.in"
printf '%s\n' 'RTNETLINK answers: Network is unreachable' 'RTNETLINK answers: Network is unreachable' >"$tmp/order.err-want"
"$PKTPATH" run "$tmp/order.in" >"$tmp/order.out" 2>"$tmp/order.err"
"$PKTPATH" run "$tmp/order.in" 2>&1 | cat >"$tmp/order.pipe"
"$PKTPATH" run "$tmp/order.in" >"$tmp/order.file" 2>&1
# the order: local answer (2 lines), error, local answer (2 lines), error
order=$(awk '/^RTNETLINK/ { printf "E" } /^local/ { printf "A" }' "$tmp/order.pipe")
if [ "$order" = AEAE ] && cmp -s "$tmp/order.pipe" "$tmp/order.file" && cmp -s "$tmp/order.err" "$tmp/order.err-want" &&
	! grep -q RTNETLINK "$tmp/order.out" && [ "$(grep -c '^local' "$tmp/order.out")" = 2 ]; then
	ok "run: answers and errors in order on one file, apart on two"
else
	bad "run: answers and errors on one file: order $order (want AEAE)" "$tmp/order.pipe"
fi

# ---- what pktpath does not model is said plainly, never as the real tool's error for a
# command that does not exist, and changes nothing ----
# nm COMMAND MESSAGE SHOW ABSENT: `pktpath run --echo` of COMMAND, then SHOW; COMMAND
# fails with MESSAGE and status 1, and SHOW's output has no ABSENT (nothing changed)
nm() {
	local cmd=$1 want=$2
	printf '%s\n%s\n' "$cmd" "$3" >"$tmp/nm.in"
	"$PKTPATH" run --echo "$tmp/nm.in" >"$tmp/nm.out" 2>&1
	if grep -qxF -- "! $want" "$tmp/nm.out" && grep -qx '\[rc 1\]' "$tmp/nm.out" &&
		! grep -qE "$4" <<<"$(grep -v '^[$!] ' "$tmp/nm.out")"; then
		ok "not modelled: $cmd"
	else
		bad "not modelled: $cmd" "$tmp/nm.out"
	fi
}
nm "listen tcp 127.0.0.1:80 pmtudisc probe as l" 'pktpath: IP_MTU_DISCOVER probe on a TCP socket is not modelled (want, dont and do are)' "ss" 'LISTEN'
nm "ip rule add l3mdev" 'Error: pktpath does not model "l3mdev" in ip rule.' "ip rule show" 'l3mdev'
nm "ip -j netconf" 'Error: pktpath does not model ip'"'"'s option "-json" for "ip netconf" (only for routes, rules, neighbours, nexthops, links and addresses).' "ip route" '\{'
nm "ip -p -json -s link show" 'Error: pktpath does not model ip'"'"'s option "-json" with "-stats" (the counters or the brief list in JSON).' "ip route" '\{'
nm "ip -j -br addr" 'Error: pktpath does not model ip'"'"'s option "-json" with "-brief" (the counters or the brief list in JSON).' "ip route" '\{'
nm "iptables -A INPUT -m mark --mark 1 -m mark --mark 2 -j ACCEPT" 'iptables: pktpath does not model a second match "mark"' "iptables -S" '^-A'
nm "iptables -A INPUT -m conntrack --ctstate NEW -m conntrack --ctstate NEW,ESTABLISHED" 'iptables: pktpath does not model a second match "conntrack"' "iptables -S" '^-A'
nm "iptables -A INPUT -m state --state NEW -m state --state NEW -j ACCEPT" 'iptables: pktpath does not model a second match "state"' "iptables -S" '^-A'
nm "ip rule add tun_id 5 lookup 100" 'Error: pktpath does not model "tun_id" in ip rule.' "ip rule show" 'lookup 100'
nm "iptables -t security -A INPUT -j ACCEPT" 'iptables: pktpath does not model the table "security"; filter, nat, mangle and raw are' "iptables -S" '^-A'
nm "iptables -t raw -A PREROUTING -j CT --zone 1" 'iptables: pktpath does not model the option "--zone"' "iptables -t raw -S" '^-A'
nm "iptables -A INPUT -m addrtype --dst-type LOCAL --limit-iface-in -j ACCEPT" \
	'iptables: pktpath does not model the option "--limit-iface-in"' "iptables -S" '^-A'
nm "iptables -t mangle -A FORWARD -p tcp -j TCPMSS --set-mss 0" \
	'iptables: pktpath does not model the value "--set-mss 0"; an MSS option of 0, which a peer reads as none' \
	"iptables -t mangle -S" '^-A'
# why names the MTU and the MSS a SYN advertises when a route metric or a device decides
# them (the route's mtu 1400: MSS 1360; its advmss wins; a device's MTU otherwise)
printf '%s\n' "ip link add eth0 type veth peer name p0" "ip link set eth0 up" \
	"ip link set p0 up" "ip addr add 10.0.0.1/24 dev eth0" \
	"ip route add 10.5.0.0/16 via 10.0.0.2 mtu 1400" "why 10.5.1.1" \
	"ip route change 10.5.0.0/16 via 10.0.0.2 mtu 1400 advmss 1000" "why 10.5.1.1" \
	"ip link set eth0 mtu 9000" "why 10.0.0.9" "ip link set eth0 mtu 1500" "why 10.0.0.9" \
	>"$tmp/why-mss.in"
"$PKTPATH" run "$tmp/why-mss.in" >"$tmp/why-mss.out" 2>&1
if grep -qxF "  mtu 1400 (the route's mtu metric); a TCP SYN by this route advertises MSS 1360: the route's mtu metric 1400 less 40" "$tmp/why-mss.out" &&
	grep -qxF "  mtu 1400 (the route's mtu metric); a TCP SYN by this route advertises MSS 1000: the route's advmss metric" "$tmp/why-mss.out" &&
	grep -qxF "  mtu 9000 (the device's); a TCP SYN by this route advertises MSS 8960: eth0's MTU 9000 less 40" "$tmp/why-mss.out" &&
	[ "$(grep -c '^  mtu ' "$tmp/why-mss.out")" = 3 ]; then
	ok "why names the MTU and the MSS when a metric or a device decides them"
else
	bad "why names the MTU and the MSS when a metric or a device decides them" "$tmp/why-mss.out"
fi
# a TCP write that would make a full-sized segment (here the peer's MSS is 20, so 36
# bytes and more): refused, nothing sent; one byte less goes out
cat >"$tmp/mss.scene" <<'EOF'
a ip link add eth0 type veth peer name eth0 netns b
a ip link set eth0 up
b ip link set eth0 up
a ip addr add 10.0.0.1/24 dev eth0
b ip addr add 10.0.0.2/24 dev eth0
a iptables -t mangle -A OUTPUT -p tcp -j TCPMSS --set-mss 20
b listen tcp 0.0.0.0:80 as l
a connect tcp 10.0.0.2:80 as c
b accept l as s
b send s "35 bytes: one below the peer's MSS."
b send s "36 bytes: a full-sized segment here."
EOF
if "$PKTPATH" trace "$tmp/mss.scene" >"$tmp/mss.out" 2>"$tmp/mss.err"; then
	bad "a full-sized TCP write is refused" "$tmp/mss.out"
elif grep -qxF "$tmp/mss.scene:11:1: pktpath: this write would make a segment of the connection's MSS or more (at most 35 bytes fit now): full-sized segments are not modelled" "$tmp/mss.err" &&
	grep -q 'DATA="35 bytes' "$tmp/mss.out" && ! grep -q 'DATA="36 bytes' "$tmp/mss.out"; then
	ok "a full-sized TCP write is refused"
else
	bad "a full-sized TCP write is refused" "$tmp/mss.err"
fi
nm "iptables -t nat -A POSTROUTING -p udp -j MASQUERADE --to-ports 0" \
	'iptables: pktpath does not model port 0 in "--to-ports"' "iptables -t nat -S" '^-A'
nm "iptables -t nat -A POSTROUTING -p tcp -j SNAT --to-source 10.0.0.1:0-5" \
	'iptables: pktpath does not model port 0 in "--to-source"' "iptables -t nat -S" '^-A'
nm "iptables -t nat -A PREROUTING -p tcp -j DNAT --to-destination 10.0.0.1:1000-2000/100" \
	'iptables: pktpath does not model a shifted port range (/BASE) in "--to-destination"' "iptables -t nat -S" '^-A'
nm "iptables -t nat -A POSTROUTING -p tcp -j SNAT --to-source :1000" \
	'iptables: pktpath does not model ports without an address in "--to-source"' "iptables -t nat -S" '^-A'
nm "iptables -A INPUT -p tcp --tcp-option 2 -j DROP" \
	'iptables: pktpath does not model the option "--tcp-option"' "iptables -S" '^-A'
nm "iptables -A INPUT -p tcp -j LOG --log-tcp-sequence" \
	'iptables: pktpath does not model the option "--log-tcp-sequence"' "iptables -S" '^-A'
nm "iptables -A INPUT -m conntrack --ctdir REPLY" \
	'iptables: pktpath does not model the option "--ctdir"' "iptables -S" '^-A'
nm "iptables -A INPUT -m comment --comment a -m comment --comment b -m comment --comment c -m comment --comment d -m comment --comment e" \
	'iptables: pktpath does not model more than 4 matches "comment"' "iptables -S" '^-A'
nm "iptables -A INPUT -p sctp --dport 80" \
	'iptables: pktpath does not model the match "sctp"' "iptables -S" '^-A'
nm "iptables -A INPUT -p icmp --icmp-type 8 -m icmp --icmp-type 0 -j ACCEPT" 'iptables: pktpath does not model a second match "icmp"; one -m icmp per rule' "iptables -S" '^-A'
nm "iptables -A INPUT -m statistic --mode nth --every 2 --packet 1 -m statistic --mode random --probability 0.1 -j DROP" \
	'iptables: pktpath does not model a second match "statistic"' "iptables -S" '^-A'
nm "udp bind 0.0.0.0:53 groups 1,2,3,4,5 as d" \
	'groups: pktpath models up to 4 supplementary groups' "ss -uan" ':53'
nm "ip -s route" 'Error: pktpath does not model ip'"'"'s option "-s" for "ip route" (only for showing links and addresses).' "" 'x^'
nm "ip -s addr flush dev lo" 'Error: pktpath does not model ip'"'"'s option "-s" for "ip address flush" (only for showing links and addresses).' "ip addr show dev lo" 'x^'
nm "ip -s -s link" 'Error: pktpath does not model ip'"'"'s option "-s -s" (one -s is).' "" 'x^'
nm "ip -o -s addr" 'Error: pktpath does not model ip'"'"'s option "-s -o" (one -s is).' "" 'x^'
nm "ip -d link" 'Error: pktpath does not print "ip -details" output.' "" 'x^'
nm "ip -6 route" 'Error: pktpath models the inet family only.' "" 'x^'
nm "ip route add 10.7.0.0/16 dev lo realm 5" 'Error: pktpath does not model "realm" on routes.' "ip route show table all" '^10\.7\.'
nm "ip link add vrf1 type vrf table 10" 'Error: pktpath models link types veth and bridge, not "vrf".' "ip link show" vrf1
nm "ip link add link lo name v10 type vlan id 10" 'Error: pktpath models link types veth and bridge, not "vlan".' "ip link show" v10
nm "sysctl -w net.ipv4.icmp_msgs_per_sec=0" 'sysctl: pktpath does not model net.ipv4.icmp_msgs_per_sec (the kernel has it)' "" 'icmp_msgs_per_sec = 0'
nm "sysctl net.ipv4.conf.lo.log_martians" 'sysctl: pktpath does not model net.ipv4.conf.lo.log_martians (the kernel has it)' "" '= '
# a real host's tool pktpath lacks is named, with what it has instead (status 127 as a
# shell's); a word no host has is still "command not found"
printf 'nft list ruleset\nnosuchtool\n' >"$tmp/in"
t "a tool pktpath lacks says so, and what to use" 1 \
	'^! pktpath: nft is not modelled; instead: iptables' run --echo "$tmp/in"
t "… any other word: command not found" 1 '^! nosuchtool: command not found' run --echo "$tmp/in"
# … and what the kernel lacks still gets the real tool's words
printf 'sysctl net.ipv4.bogus\nsysctl net.ipv4.conf.eth9.log_martians\n' >"$tmp/nm.in"
"$PKTPATH" run --echo "$tmp/nm.in" >"$tmp/nm.out" 2>&1
if grep -qxF '! sysctl: cannot stat /proc/sys/net/ipv4/bogus: No such file or directory' "$tmp/nm.out" &&
	grep -qxF '! sysctl: cannot stat /proc/sys/net/ipv4/conf/eth9/log_martians: No such file or directory' "$tmp/nm.out"; then
	ok "a key the kernel lacks (or a missing device): sysctl's own words"
else
	bad "a key the kernel lacks (or a missing device): sysctl's own words" "$tmp/nm.out"
fi

# ---- the config file ($XDG_CONFIG_HOME/pktpath/config) and `pktpath config` ----
export XDG_CONFIG_HOME=$tmp/xdg
mkdir -p "$XDG_CONFIG_HOME/pktpath"
# c NAME WANT_RC FILE REGEX: `pktpath config` output (stdout+stderr) matches every line
# of REGEX (one extended regex per line)
c() {
	local name=$1 want=$2 file=$3 re=$4 rc missing=""
	shift 4
	"$PKTPATH" config "$@" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	while IFS= read -r line; do
		[ -z "$line" ] && continue
		grep -Eq -- "$line" "$tmp/out" "$tmp/err" || missing="$missing [$line]"
	done <<<"$re"
	if [ "$rc" = "$want" ] && [ -z "$missing" ]; then
		ok "$name"
	else
		cat "$tmp/out" "$tmp/err" >"$tmp/both"
		bad "$name (rc $rc, want $want; missing:$missing)" "$tmp/both"
	fi
}
c "config: no file, the defaults" 0 none '(not there: defaults)
^set theme +dark +# default$
^set speed +3 +# default$
^set mouse +on +# default$'
cat >"$XDG_CONFIG_HOME/pktpath/config" <<'CFG'
# a classroom
set theme light
set speed 9
set colour 256
bind-key x next
bind-key -T presenter Enter play
unbind-key q
set mouse "off
frobnicate now
bind-key Q nothing
set beat hop
CFG
c "config: good lines apply, bad ones are named file:line:col" 1 cfg "^set theme +light +# config line 2$
^set color +256 +# config line 4$
^set beat +hop +# config line 11$
^bind-key x next$
^bind-key -T presenter Enter play$
^unbind-key q$
pktpath/config:3:11: speed takes 1 to 5, not \"9\" \(line ignored\)$
pktpath/config:8:11: unterminated quote
pktpath/config:9:1: unknown command \"frobnicate\"
pktpath/config:10:12: unknown action \"nothing\""
c "config: a bad line changes nothing (speed and mouse keep their defaults)" 1 cfg "^set speed +3 +# default$
^set mouse +on +# default$"
# what `pktpath config` prints reads back as the same configuration, without errors
"$PKTPATH" config 2>/dev/null | grep -v '^#' | sed 's/ *#.*//' >"$tmp/printed"
cp "$tmp/printed" "$XDG_CONFIG_HOME/pktpath/config"
"$PKTPATH" config >"$tmp/again" 2>"$tmp/again-err"
rc=$?
if [ "$rc" = 0 ] && [ ! -s "$tmp/again-err" ] && diff <(sed 's/ *#.*//' "$tmp/again" | grep -v '^$') "$tmp/printed" >/dev/null; then
	ok "config: its own output reads back as the same settings"
else
	cat "$tmp/printed" "$tmp/again" "$tmp/again-err" >"$tmp/both"
	bad "config: its own output reads back as the same settings (rc $rc)" "$tmp/both"
fi
rm "$XDG_CONFIG_HOME/pktpath/config"
# (in Russian: the comment says where the setting came from in the language it chose)
LC_ALL= LC_MESSAGES= LANG=ru_RU.UTF-8 c "config: the language from the environment" 0 none '^set lang +ru +# из LANG$'
echo 'set lang en' >"$XDG_CONFIG_HOME/pktpath/config"
LC_ALL= LC_MESSAGES= LANG=ru_RU.UTF-8 c "config: the file overrides the environment" 0 cfg '^set lang +en +# config line 1$'
c "config --actions lists the bindable actions" 0 none '^next$
^theme-cycle$
^quit$' --actions
c "config: an unknown option" 2 none 'usage: pktpath config' --bogus
# a config that is not a regular file is not read (a FIFO or /dev/zero would never end)
rm -f "$XDG_CONFIG_HOME/pktpath/config"
ln -s /dev/zero "$XDG_CONFIG_HOME/pktpath/config"
c "config: /dev/zero is not read, and nothing hangs" 1 zero '^# .*pktpath/config \(not read: defaults\)$
pktpath/config: not a regular file \(ignored\)$'
rm -f "$XDG_CONFIG_HOME/pktpath/config"
printf 'bind-key x\n' >"$XDG_CONFIG_HOME/pktpath/config"
c "config: bind-key without an action" 1 cfg 'config:1:11: bind-key x: which action'

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
