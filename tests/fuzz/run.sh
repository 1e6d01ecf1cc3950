#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# The libFuzzer targets (tests/fuzz/fuzz-*.c, built by `make fuzz-tree` into
# build-fuzz/tests/) under ASan/UBSan. Each target first replays its seed corpus
# (tests/fuzz/corpus-<target>/ plus the project's own inputs: the kernel oracle's
# command scripts for cmd, the lessons for scene, the oracle's rules files for
# restore), then runs FUZZ_RUNS new inputs from a fixed seed (make test: bounded by count, never by time), or FUZZ_SECONDS of fuzzing
# (make fuzz). A crash fails the suite and its input is kept in build-fuzz/: add it to
# the target's corpus directory as a regression. Last line: `N passed, N failed`.
# fuzz-keys drives GNU readline (its allocations come through our xmalloc): readline 8.2
# leaks search and key-sequence contexts when a line is abandoned mid-search (Ctrl-C,
# rl_callback_sigcleanup), so leaks whose stack passes through libreadline are
# suppressed for that target, as the console's tmux tests do; every other leak, and
# every memory error anywhere, still fails.
set -uo pipefail
cd "$(dirname "$0")/../.." || exit 2
FUZZ_BUILD=${FUZZ_BUILD:-build-fuzz}
RUNS=${FUZZ_RUNS:-4000}
pass=0 fail=0
declare -A seeds=([cmd]="tests/fuzz/corpus-cmd tests/oracle/cases" [scene]="tests/fuzz/corpus-scene scenes tests/golden"
	[netlink]="tests/fuzz/corpus-netlink" [keys]="tests/fuzz/corpus-keys"
	[restore]="tests/fuzz/corpus-restore tests/oracle/cases/restore")
for t in cmd scene netlink keys restore; do
	bin=$FUZZ_BUILD/tests/fuzz-$t
	if [ ! -x "$bin" ]; then
		echo "FAIL fuzz-$t: $bin not built (make fuzz-tree)"
		fail=$((fail + 1))
		continue
	fi
	new=$FUZZ_BUILD/corpus-$t
	mkdir -p "$new"
	# shellcheck disable=SC2086
	if [ -n "${FUZZ_SECONDS:-}" ]; then
		args=(-max_total_time="$FUZZ_SECONDS")
	else
		args=(-runs="$RUNS" -seed=1)
	fi
	lsan=${LSAN_OPTIONS:-}
	if [ "$t" = keys ]; then
		printf 'leak:libreadline\n' >"$FUZZ_BUILD/lsan-keys.supp"
		lsan="suppressions=$FUZZ_BUILD/lsan-keys.supp${lsan:+:$lsan}"
	fi
	LSAN_OPTIONS=$lsan "$bin" "${args[@]}" -max_len=4096 -timeout=60 -rss_limit_mb=2048 -artifact_prefix="$FUZZ_BUILD/crash-$t-" \
		"$new" ${seeds[$t]} >"$FUZZ_BUILD/fuzz-$t.log" 2>&1
	rc=$?
	done_line=$(grep -E '^Done [0-9]+ runs' "$FUZZ_BUILD/fuzz-$t.log" | tail -1)
	if [ $rc -eq 0 ] && [ -n "$done_line" ]; then
		pass=$((pass + 1))
		echo "ok   fuzz-$t: $done_line; $(grep -Eo 'cov: [0-9]+' "$FUZZ_BUILD/fuzz-$t.log" | tail -1)"
	else
		fail=$((fail + 1))
		echo "FAIL fuzz-$t (exit $rc): input kept as $(ls "$FUZZ_BUILD"/crash-$t-* 2>/dev/null | head -1)"
		grep -E 'ERROR|SUMMARY|changed the state|Deadly|runtime error' "$FUZZ_BUILD/fuzz-$t.log" | head -20
	fi
done
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
