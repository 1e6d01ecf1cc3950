#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# make install / uninstall into a scratch DESTDIR: every file is there, the installed
# binary (the normal build, never a sanitizer one) checks an installed lesson, the man
# pages render without warnings, the bash completion completes, every source file carries
# its SPDX line, uninstall leaves no file behind, and a plain `make` never installs
# packages. Builds nothing with sanitizers (./pktpath is built only when missing).
# Last line: `N passed, N failed[, N skipped]`.
set -uo pipefail
cd "$(dirname "$0")/../.." || exit 2
# a make run by `make test` passes its jobserver and flags down; this one starts afresh
unset MAKEFLAGS MFLAGS MAKELEVEL MAKEOVERRIDES
pass=0 fail=0 skip=0
tmp=$(mktemp -d "${TMPDIR:-/tmp}/pktpath-install.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
root=$tmp/root
prefix=/usr

ok() {
	pass=$((pass + 1))
	echo "ok   $1"
}
bad() {
	fail=$((fail + 1))
	echo "FAIL $1"
	[ $# -gt 1 ] && [ -s "$2" ] && sed 's/^/     | /' "$2" | head -20
}
skipped() {
	skip=$((skip + 1))
	echo "SKIPPED $1" >&2
	echo "skip $1"
}

if [ ! -x ./pktpath ]; then
	make --no-print-directory -j2 pktpath >"$tmp/build.log" 2>&1 || {
		bad "build ./pktpath (make pktpath)" "$tmp/build.log"
		echo "$pass passed, $fail failed"
		exit 1
	}
fi

# --- make install ---
if make --no-print-directory install DESTDIR="$root" PREFIX=$prefix >"$tmp/install.log" 2>&1; then
	ok "make install DESTDIR=… PREFIX=$prefix"
else
	bad "make install DESTDIR=… PREFIX=$prefix" "$tmp/install.log"
fi
if grep -q -- '-fsanitize' "$tmp/install.log"; then
	bad "make install compiled with sanitizers" "$tmp/install.log"
else
	ok "make install built nothing with sanitizers"
fi

bin=$root$prefix/bin/pktpath
share=$root$prefix/share
scenedir=$share/pktpath/scenes
expected=("$bin" "$share/man/man1/pktpath.1" "$share/man/man5/pktpath-scene.5"
	"$share/bash-completion/completions/pktpath")
for f in scenes/*.scene scenes/topo/*.topo; do
	expected+=("$scenedir/${f#scenes/}")
done
for f in po/*.po; do
	l=$(basename "$f" .po)
	expected+=("$share/locale/$l/LC_MESSAGES/pktpath.mo")
done
missing=0
for f in "${expected[@]}"; do
	[ -f "$f" ] || { echo "     missing: ${f#"$root"}"; missing=$((missing + 1)); }
done
if [ $missing -eq 0 ]; then
	ok "all ${#expected[@]} files installed"
else
	bad "$missing of ${#expected[@]} files not installed"
fi
extra=$(find "$root" -type f | sort | comm -13 <(printf '%s\n' "${expected[@]}" | sort) -)
if [ -z "$extra" ]; then
	ok "nothing else installed"
else
	bad "unexpected files installed: $(echo $extra)"
fi

if [ -x "$bin" ] && [ "$(stat -c %a "$bin")" = 755 ] && cmp -s "$bin" ./pktpath; then
	ok "the binary is ./pktpath, mode 755"
else
	bad "the installed binary is not ./pktpath (mode 755)"
fi
if [ -f "$bin" ] && ! grep -q -a -e __asan_init -e __ubsan_handle "$bin"; then
	ok "the installed binary has no sanitizer runtime"
else
	bad "the installed binary is missing or a sanitizer build"
fi
modes=$(find "$share" -type f ! -perm 0644 | sed "s|^$root||")
if [ -z "$modes" ]; then
	ok "data files are mode 644"
else
	bad "data files not 0644: $modes"
fi

# --- the catalogue is the sources' and the installed binary finds it (beside bin/) ---
"$bin" check --lang ru "$scenedir/c6-better-route.scene" >"$tmp/lessons-ru" 2>&1
if [ -f "$share/locale/ru/LC_MESSAGES/pktpath.mo" ] &&
	msgunfmt "$share/locale/ru/LC_MESSAGES/pktpath.mo" >"$tmp/ru.po" 2>/dev/null &&
	grep -q 'msgstr "справка: клавиши' "$tmp/ru.po" &&
	grep -q '^ok .*c6-better-route.scene (ожиданий: [0-9]*)$' "$tmp/lessons-ru" &&
	! grep -q 'catalogue' "$tmp/lessons-ru"; then
	ok "the Russian catalogue is installed and the installed binary speaks Russian with --lang ru"
else
	bad "the Russian catalogue is not installed, or the installed binary does not find it" "$tmp/lessons-ru"
fi

# --- the installed binary plays installed lessons (includes resolve under scenes/topo) ---
if "$bin" check "$scenedir/c6-better-route.scene" >"$tmp/check.out" 2>&1; then
	ok "installed pktpath check installed c6-better-route.scene"
else
	bad "installed pktpath check installed c6-better-route.scene" "$tmp/check.out"
fi
if "$bin" check -q "$scenedir"/*.scene >"$tmp/checkall.out" 2>&1; then
	ok "installed pktpath check of every installed lesson"
else
	bad "installed pktpath check of every installed lesson" "$tmp/checkall.out"
fi

# --- the installed man page and completion name the installed lessons directory ---
if grep -q "^_pktpath_scenedir=$prefix/share/pktpath/scenes\$" "$share/bash-completion/completions/pktpath" &&
	grep -q "$prefix/share/pktpath/scenes" "$share/man/man1/pktpath.1" &&
	! grep -q /usr/local "$share/man/man1/pktpath.1"; then
	ok "man page and completion name $prefix/share/pktpath/scenes"
else
	bad "man page or completion do not name $prefix/share/pktpath/scenes"
fi

# --- man pages render without warnings; pktpath.1 covers every option of --help ---
if command -v man >/dev/null && command -v groff >/dev/null; then
	for m in man/pktpath.1 man/pktpath-scene.5 "$share/man/man1/pktpath.1" "$share/man/man5/pktpath-scene.5"; do
		if MANWIDTH=80 man --warnings -l "$m" >"$tmp/man.out" 2>"$tmp/man.err" && [ ! -s "$tmp/man.err" ] &&
			[ "$(wc -l <"$tmp/man.out")" -gt 50 ]; then
			ok "man --warnings ${m#"$root"}: no warnings"
		else
			bad "man --warnings ${m#"$root"}" "$tmp/man.err"
		fi
	done
	MANWIDTH=200 man -l man/pktpath.1 2>/dev/null >"$tmp/man1.txt"
	absent=
	for o in $(./pktpath --help | grep -oE -- '--[a-z][a-z-]*' | sort -u) check trace export render run; do
		grep -qF -- "$o" "$tmp/man1.txt" || absent+=" $o"
	done
	for s in "TUI KEYS" "EXIT STATUS" ENVIRONMENT FILES EXAMPLES; do
		grep -q "^$s" "$tmp/man1.txt" || absent+=" [$s]"
	done
	if [ -z "$absent" ]; then
		ok "pktpath.1 names every subcommand and --help option, has keys, exit status, environment, files, examples"
	else
		bad "pktpath.1 lacks:$absent"
	fi
else
	skipped "man pages: man or groff not installed (make deps installs man-db and groff-base)"
fi

# --- bash completion ---
comp=$share/bash-completion/completions/pktpath
if bash -n "$comp" 2>"$tmp/bashn.err"; then
	ok "completion parses (bash -n)"
else
	bad "completion does not parse" "$tmp/bashn.err"
fi
# complete WORD… : what the completion offers for the last word (sorted, one a line)
cat >"$tmp/complete.sh" <<'EOF'
source "$1"
_pktpath_scenedir=$2
cd "$3" || exit 1
shift 3
COMP_WORDS=("$@")
COMP_CWORD=$(($# - 1))
COMP_LINE="$*"
COMP_POINT=${#COMP_LINE}
_pktpath pktpath "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}"
printf '%s\n' "${COMPREPLY[@]}" | sort
EOF
mkdir -p "$tmp/cwd/sub" && touch "$tmp/cwd/mine.scene" "$tmp/cwd/notes.txt"
# tc NAME WANT WORDS… : the completion of WORDS is exactly WANT (space-separated)
tc() {
	local name=$1 want got
	want=$(printf '%s\n' $2 | sort)
	shift 2
	got=$(bash "$tmp/complete.sh" "$comp" "$scenedir" "$tmp/cwd" "$@" 2>"$tmp/comp.err")
	if [ "$got" = "$want" ] && [ ! -s "$tmp/comp.err" ]; then
		ok "complete: $name"
	else
		bad "complete: $name: got [$(echo $got)], want [$(echo $want)]" "$tmp/comp.err"
	fi
}
lessons=$(cd scenes && ls *.scene | sed 's/\.scene$//')
# (the first word offers lessons too: the ones starting with r are in the answer)
tc "subcommands" "run render record $(printf '%s\n' $lessons | grep '^r')" pktpath r
tc "first word: subcommands, lessons, *.scene files, directories" \
	"run check trace export render record lessons config $lessons mine.scene sub" pktpath ""
tc "lesson names" "c6-better-route c6-incoming-half" pktpath check c6
tc "check options" "-q --quiet" pktpath check -
tc "lessons options" "--paths" pktpath lessons --
tc "config options" "--actions" pktpath config --
tc "run options" "--echo --netns --follow --apply --apply=host --help" pktpath run --
tc "--theme values" "dark light contrast colorblind mono" pktpath --theme ""
tc "--format values" "jsonl" pktpath trace x --format j
tc "export --pcap is a file" "mine.scene notes.txt sub" pktpath export x --pcap ""

# --- license and SPDX lines ---
if [ -f /usr/share/common-licenses/GPL-2 ]; then
	if cmp -s LICENSE /usr/share/common-licenses/GPL-2; then
		ok "LICENSE is the GPL-2.0 text"
	else
		bad "LICENSE differs from /usr/share/common-licenses/GPL-2"
	fi
elif grep -q "Version 2, June 1991" <<<"$(head -5 LICENSE)"; then
	ok "LICENSE is the GPL-2.0 text (its header)"
else
	bad "LICENSE is not the GPL-2.0 text"
fi
if grep -q '^## License' README.md && grep -qi 'GPL-2.0' README.md; then
	ok "README.md has a License section naming GPL-2.0"
else
	bad "README.md has no License section naming GPL-2.0"
fi
nospdx=
nfiles=0
while IFS= read -r f; do
	nfiles=$((nfiles + 1))
	case $f in
	*.c | *.h) want='/* SPDX-License-Identifier: GPL-2.0-only */' ;;
	*.[1-8]) want='.\" SPDX-License-Identifier: GPL-2.0-only' ;;
	*) want='# SPDX-License-Identifier: GPL-2.0-only' ;;
	esac
	first=$(head -1 "$f")
	[[ $first == '#!'* ]] && first=$(sed -n 2p "$f")
	[ "$first" = "$want" ] || nospdx+=" $f"
done < <(find src ui tests -type f \( -name '*.c' -o -name '*.h' -o -name '*.sh' -o -name '*.py' \) | sort
	printf '%s\n' Makefile .ci/run completions/pktpath man/*.[1-8])
if [ -z "$nospdx" ]; then
	ok "SPDX line first in all $nfiles source files, Makefile, .ci/run, completion, man pages"
else
	bad "no SPDX first line in:$nospdx"
fi

# --- make uninstall ---
if make --no-print-directory uninstall DESTDIR="$root" PREFIX=$prefix >"$tmp/uninstall.log" 2>&1; then
	ok "make uninstall"
else
	bad "make uninstall" "$tmp/uninstall.log"
fi
left=$(find "$root" ! -type d | sed "s|^$root||")
if [ -z "$left" ]; then
	ok "uninstall left no files"
else
	bad "uninstall left:$(echo $left)"
fi
if [ ! -e "$share/pktpath" ]; then
	ok "uninstall removed the empty pktpath directories"
else
	bad "uninstall left $prefix/share/pktpath"
fi

# --- default PREFIX, no sanitizer install, no package installs from a plain make ---
make -n --no-print-directory install DESTDIR=/nonexistent >"$tmp/ninst.out" 2>&1
if grep -q ' /nonexistent/usr/local/bin/pktpath$' "$tmp/ninst.out"; then
	ok "PREFIX defaults to /usr/local"
else
	bad "make -n install does not install to /usr/local/bin/pktpath by default"
fi
if ! make --no-print-directory install SAN=1 DESTDIR="$tmp/san" >"$tmp/san.log" 2>&1 &&
	grep -q 'without SAN=1' "$tmp/san.log" && [ ! -e "$tmp/san" ]; then
	ok "make install SAN=1 refuses to install a sanitizer build"
else
	bad "make install SAN=1 did not refuse" "$tmp/san.log"
fi
for goal in all install; do
	make -n --no-print-directory $goal DESTDIR=/nonexistent >"$tmp/n.out" 2>&1
	if grep -qE 'apt-get|sudo|dpkg-query' "$tmp/n.out"; then
		bad "make -n $goal mentions apt-get, sudo or dpkg-query" "$tmp/n.out"
	else
		ok "make -n $goal runs no apt-get, sudo or dpkg-query"
	fi
done
# the control: the goals that are meant to install packages do run the check
make -n --no-print-directory test >"$tmp/ntest.out" 2>&1
if grep -q apt-get "$tmp/ntest.out"; then
	ok "make -n test still runs the deps check"
else
	bad "make -n test does not run the deps check"
fi
if ! make --no-print-directory -s have-libs PKG_CONFIG=false >"$tmp/libs.out" 2>&1 &&
	grep -q '^missing: libncurses-dev .*libnl-3-dev.*; run `make deps`' "$tmp/libs.out"; then
	ok "a missing library stops make with 'missing: … run \`make deps\`'"
else
	bad "a missing library is not reported with make deps" "$tmp/libs.out"
fi

if [ $skip -gt 0 ]; then
	echo "$pass passed, $fail failed, $skip skipped"
else
	echo "$pass passed, $fail failed"
fi
[ "$fail" -eq 0 ]
