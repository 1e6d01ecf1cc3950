# SPDX-License-Identifier: GPL-2.0-only
# Reads `pktpath trace --format jsonl` and prints where the TUI's beats fall, as event
# numbers as the title bar shows them (1-based), written from the documented rules, not
# from the TUI's code:
#   -v mode=opening  the event the TUI opens on: the last of the leading setup events
#                    (config; app-send BIND, LISTEN or CLOSE) of the first scene step
#   -v mode=hop      every hop after the opening event, one per line: an event that moves
#                    the packet or decides its fate (app-send that sends, route-out/in,
#                    reroute, rp-filter, nic-tx/rx, sock-deliver, app-recv, reply, drop,
#                    error; nf with a verdict other than ACCEPT, NEW, CONFIRM, SKIP; neigh
#                    QUEUE or UPDATE) or the first event of a scene step
#   -v mode=step     the last event of every scene step after the opening event
function field(name,    m) {
	if (match($0, "\"" name "\":(\"[^\"]*\"|[0-9]+|null)")) {
		m = substr($0, RSTART + length(name) + 3, RLENGTH - length(name) - 3)
		gsub(/"/, "", m)
		return m
	}
	return ""
}
function setup(st, v) {
	return st == "config" || (st == "app-send" && (v == "BIND" || v == "LISTEN" || v == "CLOSE"))
}
function hop(st, v) {
	if (st == "app-send")
		return !setup(st, v)
	if (st ~ /^(route-out|route-in|reroute|rp-filter|nic-tx|nic-rx|sock-deliver|app-recv|reply|drop|error)$/)
		return 1
	if (st == "nf")
		return v != "ACCEPT" && v != "NEW" && v != "CONFIRM" && v != "SKIP" && v != ""
	if (st == "neigh")
		return v == "QUEUE" || v == "UPDATE"
	return 0
}
{
	n++
	stage[n] = field("stage")
	verdict[n] = field("verdict")
	step[n] = field("step")
}
END {
	open_ = 0
	while (open_ < n && setup(stage[open_ + 1], verdict[open_ + 1]) && step[open_ + 1] == step[1])
		open_++
	if (open_ == 0)
		open_ = 1
	if (mode == "opening") {
		print open_
		exit
	}
	for (i = open_ + 1; i <= n; i++) {
		first = step[i] != step[i - 1]
		if (mode == "hop" && (first || hop(stage[i], verdict[i])))
			print i
		if (mode == "step" && (i == n || step[i + 1] != step[i]))
			print i
	}
}
