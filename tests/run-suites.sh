#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# Runs the test suites and sums their results; `make test` calls it after the builds.
#
# usage: tests/run-suites.sh [SUITE...]      (default: every suite)
#   unit              every $BUILD/tests/test-* cmocka binary, counted per test case
#   PATH/TO/SCRIPT    a suite script
# Suite scripts are tests/*/run.sh and tests/*/run-*.sh, run from the top of the repo in
# name order. Convention: a suite prints whatever it likes and, as its LAST line,
# `N passed, N failed` or `N passed, N failed, N skipped`; it exits non-zero if anything
# failed. A part that cannot run here (no root, no network namespaces, no tmux) reports
# itself as skipped and says why on stderr: never as passed. A suite whose last line is
# not such a line, or that exits non-zero without reporting a failure, counts as one
# failure.
# Environment passed through to suites: BUILD (default build-san), PKTPATH (default
# $BUILD/pktpath), GEN (default $BUILD/tests/oracle-gen), SEED, RANDOM_ROUNDS,
# RANDOM_QUERIES.
# The last line of the output is the total: `N passed, N failed[, N skipped]`; the exit
# status is 1 if anything failed.

set -uo pipefail
cd "$(dirname "$0")/.." || exit 2

export BUILD=${BUILD:-build-san}
export PKTPATH=${PKTPATH:-$BUILD/pktpath}
export GEN=${GEN:-$BUILD/tests/oracle-gen}
# Sanitizer reports must fail loudly, with a status no test uses for its own purposes.
export ASAN_OPTIONS=${ASAN_OPTIONS:-abort_on_error=0:exitcode=99:detect_leaks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1:exitcode=99}
unset CMOCKA_MESSAGE_OUTPUT CMOCKA_XML_FILE

RESULT_RE='^([0-9]+) passed, ([0-9]+) failed(, ([0-9]+) skipped)?$'
tmp=$(mktemp -d "${TMPDIR:-/tmp}/pktpath-suites.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
# no suite reads the user's own config file (~/.config/pktpath/config); those that test
# one make their own
mkdir -p "$tmp/config"
export XDG_CONFIG_HOME=$tmp/config

tot_pass=0 tot_fail=0 tot_skip=0
summary=()

# record NAME PASS FAIL SKIP: add to the totals and to the summary (with the time the
# suite took since $started)
record() {
	tot_pass=$((tot_pass + $2))
	tot_fail=$((tot_fail + $3))
	tot_skip=$((tot_skip + $4))
	local line="$2 passed, $3 failed"
	[ "$4" -gt 0 ] && line+=", $4 skipped"
	summary+=("$(printf '%-28s %-36s %4ds' "$1" "$line" $((SECONDS - started)))")
}

# cmocka prints "[==========] Running N test(s).", "[  PASSED  ] N test(s)." and, on
# failure, "[  FAILED  ] N test(s), listed below:" (on stderr); a crash prints neither.
suite_unit() {
	local pass=0 fail=0 skip=0 t out rc run p f s
	shopt -s nullglob
	local bins=("$BUILD"/tests/test-*)
	shopt -u nullglob
	echo "== unit tests ($BUILD/tests/test-*)"
	if [ ${#bins[@]} -eq 0 ]; then
		echo "no unit tests yet"
	fi
	for t in "${bins[@]}"; do
		[ -x "$t" ] || continue
		out=$tmp/unit.out
		timeout 300 "$t" >"$out" 2>&1 </dev/null
		rc=$?
		cat "$out"
		run=$(sed -nE 's/^\[==========\] Running ([0-9]+) test\(s\)\.$/\1/p' "$out" | awk '{s+=$1} END {print s+0}')
		p=$(sed -nE 's/^\[  PASSED  \] ([0-9]+) test\(s\)\.$/\1/p' "$out" | awk '{s+=$1} END {print s+0}')
		f=$(sed -nE 's/^\[  FAILED  \] ([0-9]+) test\(s\), listed below:$/\1/p' "$out" | awk '{s+=$1} END {print s+0}')
		s=$(sed -nE 's/^\[  SKIPPED \] ([0-9]+) test\(s\), listed below:$/\1/p' "$out" | awk '{s+=$1} END {print s+0}')
		if [ $rc -ne 0 ] && [ "$f" -eq 0 ]; then
			# crashed, or a sanitizer stopped it: what did not report OK failed (a
			# leak found at exit, after every test passed, counts as one failure)
			grep -q '^\[  PASSED  \]' "$out" || p=$(grep -c '^\[       OK \]' "$out")
			f=$((run - p - s))
			[ $f -lt 1 ] && f=1
			echo "FAIL $t: exited with status $rc"
		fi
		pass=$((pass + p)) fail=$((fail + f)) skip=$((skip + s))
	done
	echo "$pass passed, $fail failed$([ $skip -gt 0 ] && echo ", $skip skipped")"
	record unit $pass $fail $skip
}

suite_script() {
	local script=$1 name out rc last
	name=${script#tests/}
	name=${name%.sh}
	out=$tmp/suite.out
	echo "== $name"
	if [ ! -x "$script" ]; then
		echo "FAIL $script: not executable"
		record "$name" 0 1 0
		return
	fi
	"$script" 2>&1 </dev/null | tee "$out"
	rc=${PIPESTATUS[0]}
	last=$(tail -n 1 "$out")
	if [[ $last =~ $RESULT_RE ]]; then
		local p=${BASH_REMATCH[1]} f=${BASH_REMATCH[2]} s=${BASH_REMATCH[4]:-0}
		if [ $rc -ne 0 ] && [ "$f" -eq 0 ]; then
			echo "FAIL $name: exited with status $rc"
			f=1
		fi
		record "$name" "$p" "$f" "$s"
	else
		echo "FAIL $name: exited with status $rc without a 'N passed, N failed' last line"
		record "$name" 0 1 0
	fi
}

if [ $# -eq 0 ]; then
	shopt -s nullglob
	found=(tests/*/run.sh tests/*/run-*.sh)
	shopt -u nullglob
	[ ${#found[@]} -gt 0 ] && mapfile -t found < <(printf '%s\n' "${found[@]}" | sort)
	set -- unit "${found[@]}"
fi
for s in "$@"; do
	started=$SECONDS
	case $s in
	unit) suite_unit ;;
	*) suite_script "$s" ;;
	esac
done

echo
echo "== summary"
printf '%s\n' "${summary[@]}"
[ $tot_skip -gt 0 ] && echo "NOTE: $tot_skip test(s) were SKIPPED, not run (see the suites' SKIPPED lines above)"
if [ $tot_skip -gt 0 ]; then
	echo "$tot_pass passed, $tot_fail failed, $tot_skip skipped"
else
	echo "$tot_pass passed, $tot_fail failed"
fi
[ $tot_fail -eq 0 ]
