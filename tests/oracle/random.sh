#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# Random differential test: R generated scripts (tests/oracle/gen.c), each run as a kernel
# oracle case (tests/oracle/oracle.sh) against the real kernel and pktpath.
#
# usage: random.sh [--real-only|--selftest]
# Environment:
#   GEN             the generator binary (default build/tests/oracle-gen)
#   PKTPATH         pktpath binary (default ./pktpath)
#   SEED            base seed (default: derived from the clock, always printed)
#   RANDOM_ROUNDS   number of scripts (default 60); round i uses seed SEED+i
#   RANDOM_QUERIES  `ip route get` queries per script (default 40, so 60 rounds >= 2000)
#   ORACLE_JOBS     rounds run in parallel (default 2)
# Prints `random: seed S, R rounds, Q queries each`, each round's PASS/FAIL, a
# `reproduce:` line per failing round, and last `N passed, N failed` counting rounds.
# --selftest runs the real kernel twice per round instead of pktpath (harness check).

set -uo pipefail

mode=()
case ${1:-} in
--real-only | --selftest) mode=("$1") ;;
"") ;;
*) echo "usage: random.sh [--real-only|--selftest]" >&2; exit 2 ;;
esac

here=$(cd "$(dirname "$0")" && pwd)
GEN=${GEN:-build/tests/oracle-gen}
rounds=${RANDOM_ROUNDS:-60}
queries=${RANDOM_QUERIES:-40}
seed=${SEED:-$(($(date +%s) % 1000000 * 1000))}
export ORACLE_JOBS=${ORACLE_JOBS:-2}

if [ ! -x "$GEN" ]; then
	echo "random.sh: generator not found: $GEN (run make, or set GEN=)" >&2
	echo "0 passed, 1 failed"
	exit 1
fi
case $rounds$queries$seed in *[!0-9]*)
	echo "random.sh: SEED, RANDOM_ROUNDS and RANDOM_QUERIES must be numbers" >&2
	exit 2
	;;
esac

dir=$(mktemp -d "${TMPDIR:-/tmp}/pktpath-random.XXXXXX") || exit 2
trap 'rm -rf "$dir"' EXIT

echo "random: seed $seed, $rounds rounds, $queries queries each (reproduce one round: SEED=<its seed> RANDOM_ROUNDS=1)"
files=()
for ((i = 0; i < rounds; i++)); do
	s=$((seed + i))
	"$GEN" "$s" "$queries" >"$dir/random-$s.ip" || { echo "random.sh: $GEN failed for seed $s" >&2; exit 2; }
	files+=("$dir/random-$s.ip")
done

[ ${#files[@]} -gt 0 ] || { echo "0 passed, 0 failed"; exit 0; }
# Everything but the summary, then a reproduce line per failing round, then the summary.
# oracle.sh keeps its temp dir (each failing script and both transcripts) and says where.
all_but_last() {
	local line prev have=0
	while IFS= read -r line; do
		[ $have = 1 ] && printf '%s\n' "$prev"
		prev=$line have=1
	done
}
ORACLE_SAVE_REAL=0 "$here/oracle.sh" "${mode[@]}" "${files[@]}" | tee "$dir/out" | all_but_last
rc=${PIPESTATUS[0]}
sed -nE 's/^FAIL random-([0-9]+).*/reproduce: make test-oracle SEED=\1 RANDOM_ROUNDS=1   (script: GEN \1 '"$queries"')/p' "$dir/out"
tail -n 1 "$dir/out"
exit $rc
