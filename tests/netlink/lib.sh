# SPDX-License-Identifier: GPL-2.0-only
# What the real-kernel-mode suites (run.sh, run-apply.sh) share; source it after
# tests/lib/report.sh, with $tmp and $PKTPATH set.
#   sim ARGS…                  pktpath run; a sanitizer report (exit 99) is a failure
#   real_transcript NS FILE    each `ip …` line of FILE run in NS, printed in
#                              `pktpath run --echo` format
#   compare_blocks NAME REAL SIM   one check per "$ " block of the two transcripts

sim() {
	"$PKTPATH" run "$@"
	local rc=$?
	[ $rc -eq 99 ] && bad "pktpath run $*: sanitizer report (exit 99)"
	return $rc
}

# real_transcript NS FILE: each `ip …` line of FILE run in NS, `pktpath run --echo` format
real_transcript() {
	local ns=$1 line rc
	while IFS= read -r line; do
		printf '$ %s\n' "$line"
		# shellcheck disable=SC2086
		ip -n "$ns" ${line#ip } >"$tmp/out" 2>"$tmp/err"
		rc=$?
		cat "$tmp/out"
		sed 's/^/! /' "$tmp/err"
		[ "$rc" -ne 0 ] && printf '[rc %s]\n' "$rc"
	done <"$2"
}
compare_blocks() {
	local name=$1 real=$2 simf=$3 i nb
	rm -rf "$tmp/r" "$tmp/s"
	mkdir -p "$tmp/r" "$tmp/s"
	awk -v d="$tmp/r" '/^\$ /{n++} {print > (d "/" n)}' "$real"
	awk -v d="$tmp/s" '/^\$ /{n++} {print > (d "/" n)}' "$simf"
	nb=$(ls "$tmp/r" | wc -l)
	if [ "$nb" -eq 0 ] || [ "$nb" -ne "$(ls "$tmp/s" | wc -l)" ]; then
		bad "$name: $nb real blocks, $(ls "$tmp/s" | wc -l) pktpath blocks" "$simf"
		return
	fi
	for ((i = 1; i <= nb; i++)); do
		if cmp -s "$tmp/r/$i" "$tmp/s/$i"; then
			ok
		else
			bad "$name: $(head -1 "$tmp/r/$i")"
			diff "$tmp/r/$i" "$tmp/s/$i" | head -20
		fi
	done
}
