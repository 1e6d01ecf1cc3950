#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# The Debian package: `make deb` builds build/deb/pktpath_VERSION_ARCH.deb from a clean
# copy of the tree (debian/rules: the Makefile with NODEPS=1, PREFIX=/usr), lintian reports
# no error, the package holds the binary, both man pages, the lessons and the bash
# completion, and unpacked into a scratch root its pktpath checks an installed lesson
# and lists the lessons. Skipped (not failed) when debhelper, fakeroot, dpkg-dev or
# lintian are missing (`make deps` installs them). Last line: `N passed, N failed[, N skipped]`.
set -uo pipefail
cd "$(dirname "$0")/../.." || exit 2
unset MAKEFLAGS MFLAGS MAKELEVEL MAKEOVERRIDES
pass=0 fail=0 skip=0
tmp=$(mktemp -d "${TMPDIR:-/tmp}/pktpath-deb.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
ok() { pass=$((pass + 1)); echo "ok   $1"; }
bad() {
	fail=$((fail + 1))
	echo "FAIL $1"
	[ $# -gt 1 ] && [ -s "$2" ] && sed 's/^/     | /' "$2" | tail -20
}
for tool in dpkg-buildpackage dh lintian fakeroot; do
	if ! command -v "$tool" >/dev/null 2>&1; then
		echo "SKIPPED the Debian package: $tool not installed (make deps)" >&2
		echo "0 passed, 0 failed, 1 skipped"
		exit 0
	fi
done

# make deb builds from a clean copy of the tree in build/deb-src/ (see the Makefile)
if make --no-print-directory deb >"$tmp/deb.log" 2>&1; then ok "make deb"; else bad "make deb" "$tmp/deb.log"; fi
deb=$(ls build/deb/pktpath_*_*.deb 2>/dev/null | head -1)
if [ -n "$deb" ] && [[ "$(basename "$deb")" =~ ^pktpath_[0-9][0-9.]*_[a-z0-9]+\.deb$ ]]; then
	ok "… build/deb/$(basename "$deb")"
else
	bad "… build/deb/pktpath_VERSION_ARCH.deb" "$tmp/deb.log"
	echo "$pass passed, $fail failed"
	exit 1
fi
lintian --fail-on error "$deb" >"$tmp/lintian" 2>&1
if [ $? -eq 0 ]; then ok "lintian: no errors"; else bad "lintian: no errors" "$tmp/lintian"; fi
dpkg-deb -c "$deb" >"$tmp/contents"
for f in ./usr/bin/pktpath ./usr/share/man/man1/pktpath.1.gz ./usr/share/man/man5/pktpath-scene.5.gz \
	./usr/share/pktpath/scenes/c6-better-route.scene ./usr/share/bash-completion/completions/pktpath \
	./usr/share/doc/pktpath/copyright; do
	if grep -q " $f\$" "$tmp/contents"; then ok "the package holds $f"; else bad "the package holds $f" "$tmp/contents"; fi
done
dpkg-deb -f "$deb" Depends >"$tmp/depends"
if grep -q 'libnl-route-3' "$tmp/depends" && grep -q 'libreadline' "$tmp/depends" &&
	grep -Eq 'libncursesw|libtinfo' "$tmp/depends"; then
	ok "Depends names the shared libraries ($(tr -d '\n' <"$tmp/depends" | cut -c1-60)…)"
else
	bad "Depends names the shared libraries" "$tmp/depends"
fi
root=$tmp/root
dpkg-deb -x "$deb" "$root"
"$root/usr/bin/pktpath" check "$root/usr/share/pktpath/scenes/c6-better-route.scene" >"$tmp/check" 2>&1
if [ $? -eq 0 ] && grep -q '^ok .*expectations' "$tmp/check"; then
	ok "the unpacked pktpath checks an installed lesson"
else
	bad "the unpacked pktpath checks an installed lesson" "$tmp/check"
fi
"$root/usr/bin/pktpath" --version >"$tmp/ver" 2>&1
if grep -q "^pktpath $(dpkg-deb -f "$deb" Version)" "$tmp/ver"; then ok "--version matches the package version"; else
	bad "--version matches the package version ($(dpkg-deb -f "$deb" Version))" "$tmp/ver"
fi
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
