#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# The repository's own documentation stands alone:
#   1. every rule tag the sources cite or pktpath prints resolves to a heading of
#      docs/kernel.md. A tag is an ID such as D4, C3.2, A3.1e, P6d, §11.3 or
#      `claim C6`, found inside parentheses or on a line after "kernel.md", in src/, ui/,
#      scenes/, assets/, README.md, docs/, the test scripts and cases, and in the text
#      trace of every lesson (`pktpath trace scenes/X.scene`). A heading resolves tag T
#      when its text starts with T (`claim C6` resolves to "Claim C6 — …");
#   2. headings of docs/kernel.md have unique IDs;
#   3. no file refers to the developer documents kept outside the repository or to a
#      path outside it;
#   4. every lesson, test or doc that docs/kernel.md, docs/architecture.md or README.md
#      names in backquotes (`scenes/…`, `tests/…`, `docs/…`, `assets/…`) exists.
# Last line: `N passed, N failed`; exit non-zero if anything failed.
set -uo pipefail
cd "$(dirname "$0")/../.." || exit 2
PKTPATH=${PKTPATH:-./pktpath}
export LC_ALL=C.UTF-8
pass=0 fail=0
. tests/lib/report.sh # ok, bad
tmp=$(mktemp -d "${TMPDIR:-/tmp}/pktpath-docs.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT

doc=docs/kernel.md
if [ ! -f "$doc" ]; then
	bad "$doc exists"
	echo "$pass passed, $fail failed"
	exit 1
fi

# --- the headings: ID = first word of the heading text ("Claim C1" -> "claim C1") ---
awk '/^##+ / && !/^#####/ {
	sub(/^#+ /, "")
	if ($1 == "Claim") print "claim " $2; else print $1
}' "$doc" >"$tmp/ids"
dups=$(sort "$tmp/ids" | uniq -d | tr '\n' ' ')
if [ -z "$dups" ]; then
	ok "$doc: $(wc -l <"$tmp/ids") headings, every ID unique"
else
	bad "$doc: duplicate heading IDs: $dups"
fi

# --- the tags ---
# tags FILE...: print "FILE<TAB>TAG" for each tag in parentheses or after "kernel.md"
# (perl-base is part of every Debian system)
tags() {
	perl -CSD -Mutf8 -ne '
		BEGIN { $tag = qr/(?<![A-Za-z0-9_.§-])((?:[Cc]laims? )?(?:[A-EGH][0-9]+(?:\.[0-9]+)*[a-z]?|P[0-9]+[a-z]?|§[0-9]+(?:\.[0-9]+)*))(?![A-Za-z0-9_])/ }
		my @parts = /\(([^()\n]*)\)/g;
		push @parts, $1 if /kernel\.md(.*)/;
		for my $p (@parts) {
			while ($p =~ /$tag/g) {
				(my $t = $1) =~ s/^[Cc]laims? /claim /;
				$seen{"$ARGV\t$t"} = 1;
			}
		}
		END { print "$_\n" for sort keys %seen }' "$@"
}
files=()
while IFS= read -r f; do
	files+=("$f")
done < <({
	find src ui scenes assets docs -type f \( -name '*.c' -o -name '*.h' -o -name '*.scene' \
		-o -name '*.topo' -o -name '*.md' \)
	echo README.md
	find tests -maxdepth 2 -type f \( -name 'run*.sh' -o -name '*.c' -o -name '*.scene' \)
	find tests/oracle tests/traffic/cases -maxdepth 2 -type f \( -name '*.ip' -o -name '*.sh' \
		-o -name '*.scene' \)
} | sort -u)
tags "${files[@]}" >"$tmp/tags"
# what pktpath prints: the text trace of every lesson
if [ -x "$PKTPATH" ]; then
	for s in scenes/*.scene; do
		n=$(basename "$s" .scene)
		if "$PKTPATH" trace "$s" >"$tmp/trace-$n" 2>&1; then
			tags "$tmp/trace-$n" | sed "s|^$tmp/trace-$n|pktpath trace $s|" >>"$tmp/tags"
		else
			bad "pktpath trace $s runs"
		fi
	done
else
	bad "no pktpath binary at $PKTPATH (the printed tags cannot be checked)"
fi
if [ ! -s "$tmp/tags" ]; then
	bad "tags found in the sources (none: the extraction is broken)"
fi
grep -c 'pktpath trace' "$tmp/tags" >/dev/null ||
	bad "tags found in pktpath's output (none: the extraction is broken)"
# one line per distinct tag: TAG<TAB>number of places<TAB>first places
awk -F'\t' '{ n[$2]++; if (n[$2] <= 5) w[$2] = w[$2] $1 " " }
	END { for (t in n) print t "\t" n[t] "\t" w[t] }' "$tmp/tags" | sort >"$tmp/tagset"
while IFS=$'\t' read -r t n where; do
	if grep -qxF -- "$t" "$tmp/ids"; then
		ok "tag $t resolves in $doc ($n places)"
	else
		bad "tag $t has no heading in $doc; cited in: $where"
	fi
done <"$tmp/tagset"

# --- nothing refers to documents or paths outside the repository ---
# (the names are assembled so that this script does not match itself)
outside="kernel""-spec|CLAIMS""\\.md|ux""-anchors|\\bDESIGN""\\b|STYLE""\\.md|\\bSTYLE"" [0-9]|/work""/|\\.\\./shared"
hits=$(grep -rIlE "$outside" --exclude-dir=.git --exclude=.git --exclude-dir='build*' . 2>/dev/null)
if [ -z "$hits" ]; then
	ok "no file refers to documents or paths outside the repository"
else
	bad "files refer to documents or paths outside the repository: $(echo "$hits" | tr '\n' ' ')"
	grep -rInE "$outside" --exclude-dir=.git --exclude=.git --exclude-dir='build*' . |
		head -20 | sed 's/^/     | /'
fi

# --- every file the docs name exists ---
for d in "$doc" docs/architecture.md README.md; do
	[ -f "$d" ] || {
		bad "$d exists"
		continue
	}
	grep -oE '`(scenes|tests|docs|assets)/[A-Za-z0-9_./-]+`' "$d" | tr -d '`' | sort -u |
		grep -vE '[*]|/$|NAME|CASE' >"$tmp/named" || true
	missing=() n=0
	while IFS= read -r f; do
		n=$((n + 1))
		[ -e "$f" ] || missing+=("$f")
	done <"$tmp/named"
	if [ ${#missing[@]} -eq 0 ]; then
		ok "$d: all $n named lessons, tests and files exist"
	else
		bad "$d names files that do not exist: ${missing[*]}"
	fi
done

# the README's example lesson and its tour frame are what pktpath does
awk '/^## Writing a lesson/ { f = 1 } f && /^```$/ { c++; next } f && c == 1 { print } c == 2 { exit }' \
	README.md >"$tmp/readme.scene"
if [ -s "$tmp/readme.scene" ] && "$PKTPATH" check "$tmp/readme.scene" >"$tmp/readme.out" 2>&1; then
	ok "README: the example lesson passes pktpath check"
else
	bad "README: the example lesson passes pktpath check ($(cat "$tmp/readme.out" 2>/dev/null | head -3))"
fi
awk '/^## A tour/ { f = 1 } f && /^```/ { c++; next } f && c == 3 { print } c == 4 { exit }' README.md >"$tmp/tour"
"$PKTPATH" render c6-better-route --event 75 --size 120x36 --ascii >"$tmp/frame" 2>&1
if [ -s "$tmp/tour" ] && diff -q "$tmp/tour" "$tmp/frame" >/dev/null; then
	ok "README: the tour's screen is the frame pktpath renders"
else
	bad "README: the tour's screen is not the frame pktpath renders (regenerate it)"
fi

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
