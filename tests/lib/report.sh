# SPDX-License-Identifier: GPL-2.0-only
# Shared reporting of the shell suites: source it, keep `pass` and `fail` at 0 first.
#   ok [NAME]         one check passed (named: a line says so)
#   bad NAME [FILE]   one check failed; FILE (if given and there), indented, says why
# The suite's last line stays `echo "$pass passed, $fail failed"` (tests/run-suites.sh).

ok() {
	pass=$((pass + 1))
	[ -z "${1:-}" ] || echo "ok   $1"
}

bad() {
	fail=$((fail + 1))
	echo "FAIL $1"
	if [ -n "${2:-}" ] && [ -f "$2" ]; then
		sed 's/^/     | /' "$2" | head -60
	fi
}
