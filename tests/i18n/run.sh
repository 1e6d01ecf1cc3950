#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# tests/i18n: pktpath in Russian.
#   - po/ru.po is complete: `msgfmt --check --statistics` reports nothing untranslated
#     or fuzzy, and every message the sources mark (xgettext now) is in it, so a new
#     string cannot slip in untranslated;
#   - every lesson has a Russian title and Russian step names (title.ru, step.ru);
#   - every lesson's trace in Russian is valid UTF-8 and its sentences are whole (each
#     ends with the reference its English one ends with);
#   - every step of every lesson, rendered with --lang ru at 80x24, 120x40 and in
#     presenter mode at 80x24, shows no English word but the allowed ones
#     (tests/i18n/allowed-words.txt: tool output, kernel and netfilter names, the trace's
#     stage and verdict words);
#   - the language comes from --lang, else the config file, else LC_ALL/LC_MESSAGES/LANG;
#     `pktpath trace --format jsonl` and the emulated tools' output stay English;
#     `pktpath check` reads the engine's English sentences (reason clauses) and reports
#     in Russian.
# Last line: `N passed, N failed`.
set -uo pipefail
cd "$(dirname "$0")/../.." || exit 2

PKTPATH=${PKTPATH:-./pktpath}
pass=0 fail=0
. tests/lib/report.sh # ok, bad

tmp=$(mktemp -d "${TMPDIR:-/tmp}/pktpath-i18n.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
# a neutral environment: no config file, English unless a test says otherwise
export XDG_CONFIG_HOME="$tmp/config" HOME="$tmp/home"
unset LANGUAGE LC_MESSAGES
export LC_ALL=C.UTF-8 LANG=C.UTF-8
mkdir -p "$HOME"

# --- the catalogue
if msgfmt --check --statistics -o /dev/null po/ru.po > "$tmp/stat" 2>&1 &&
	grep -q '^[0-9]* translated messages\.$' "$tmp/stat"; then
	ok "po/ru.po: $(cat "$tmp/stat")"
else
	bad "po/ru.po: untranslated, fuzzy or broken messages" "$tmp/stat"
fi
srcs=$(ls src/*/*.[ch] ui/*.[ch])
# shellcheck disable=SC2086
xgettext --from-code=UTF-8 --language=C --keyword=_ --keyword=N_ --keyword=E_ \
	--keyword=i18n_ngettext:1,2 -o "$tmp/now.pot" $srcs 2> "$tmp/xg"
if msgcmp po/ru.po "$tmp/now.pot" > "$tmp/cmp" 2>&1; then
	ok "every message marked in the sources is in po/ru.po"
else
	bad "messages marked in the sources but missing from po/ru.po (make pot)" "$tmp/cmp"
fi

# --- lessons: Russian titles and step names
miss=0
for f in scenes/*.scene; do
	t=$(grep -c '^title ' "$f") tr=$(grep -c '^title\.ru ' "$f")
	s=$(grep -c '^step ' "$f") sr=$(grep -c '^step\.ru ' "$f")
	if [ "$t" != "$tr" ] || [ "$s" != "$sr" ]; then
		echo "$f: $t title / $tr title.ru, $s step / $sr step.ru" >> "$tmp/miss"
		miss=1
	fi
done
if [ $miss = 0 ]; then ok "every lesson has title.ru and a step.ru per step"; else bad "lessons without Russian names" "$tmp/miss"; fi

# --- frames: no English outside the allowed words
n=0
: > "$tmp/english"
for f in scenes/*.scene; do
	name=$(basename "$f" .scene)
	steps=$(grep -c '^step ' "$f")
	for s in $(seq 1 "$steps"); do
		for mode in "80x24" "120x40" "80x24 --presenter"; do
			set -- $mode
			out="$tmp/$name-$s-$1${2:+-p}.txt"
			"$PKTPATH" render "$f" --step "$s" --size "$1" ${2:-} --lang ru > "$out" 2> "$out.err" ||
				echo "$out: render failed: $(head -3 "$out.err")" >> "$tmp/english"
			n=$((n + 1))
		done
	done
done
python3 tests/i18n/english.py tests/i18n/allowed-words.txt "$tmp"/*.txt >> "$tmp/english"
if [ ! -s "$tmp/english" ]; then
	ok "$n lesson frames in Russian (80x24, 120x40, presenter 80x24): no English word outside the allowed ones"
else
	sed -i "s|$tmp/||" "$tmp/english"
	bad "English words in Russian frames ($(wc -l < "$tmp/english") of them)" "$tmp/english"
fi

# --- the engine's sentences in Russian are whole: a Cyrillic letter is two bytes, and
# sentences cut at their buffer's end once lost their ends (and split a letter, "\xd1")
: > "$tmp/cut"
nsent=0
for f in scenes/*.scene; do
	"$PKTPATH" trace "$f" > "$tmp/tr.en" 2>&1
	"$PKTPATH" trace "$f" --lang ru > "$tmp/tr.ru" 2>&1
	nsent=$((nsent + $(grep -c ' | .*([A-G][0-9][^()]*)$' "$tmp/tr.en")))
	python3 tests/i18n/whole.py "$f" "$tmp/tr.en" "$tmp/tr.ru" >> "$tmp/cut"
done
if [ ! -s "$tmp/cut" ] && [ "$nsent" -gt 100 ]; then
	ok "every lesson's trace in Russian is whole: UTF-8, and $nsent sentences end with their reference as in English"
else
	bad "Russian traces with cut sentences ($nsent sentences with a reference)" "$tmp/cut"
fi

# --- where the language comes from
first_title() { "$PKTPATH" lessons "$@" 2> /dev/null | sed -n 's/^arp-flux *//p'; }
en=$(first_title) ru=$(first_title --lang ru)
case "$en|$ru" in
"ARP flux: which NIC"*"|ARP flux: какая NIC"*) ok "--lang ru: lesson titles in Russian; English without it" ;;
*) echo "en: $en / ru: $ru" > "$tmp/t" && bad "--lang ru translates lesson titles" "$tmp/t" ;;
esac
got=$(LC_ALL= LC_MESSAGES= LANG=ru_RU.UTF-8 first_title)
[ "$got" = "$ru" ] && ok "LANG=ru_RU.UTF-8 alone chooses Russian" || bad "LANG=ru_RU.UTF-8 alone chooses Russian"
got=$(LC_ALL= LC_MESSAGES= LANG=ru_RU.UTF-8 first_title --lang en)
[ "$got" = "$en" ] && ok "--lang en beats the environment" || bad "--lang en beats the environment"
mkdir -p "$XDG_CONFIG_HOME/pktpath"
echo "set lang ru" > "$XDG_CONFIG_HOME/pktpath/config"
got=$(first_title)
[ "$got" = "$ru" ] && ok "the config file's set lang ru beats an English environment" ||
	bad "the config file's set lang ru beats an English environment"
got=$(first_title --lang en)
[ "$got" = "$en" ] && ok "--lang en beats the config file" || bad "--lang en beats the config file"
rm -f "$XDG_CONFIG_HOME/pktpath/config"

# --- what stays English: jsonl, the emulated tools
"$PKTPATH" trace scenes/c7-nat-once-per-flow.scene --format jsonl > "$tmp/en.jsonl" 2>&1
"$PKTPATH" trace scenes/c7-nat-once-per-flow.scene --format jsonl --lang ru > "$tmp/ru.jsonl" 2>&1
if cmp -s "$tmp/en.jsonl" "$tmp/ru.jsonl" && [ -s "$tmp/en.jsonl" ]; then
	ok "trace --format jsonl is English with --lang ru"
else
	diff "$tmp/en.jsonl" "$tmp/ru.jsonl" | head -20 > "$tmp/d"
	bad "trace --format jsonl is English with --lang ru" "$tmp/d"
fi
"$PKTPATH" trace scenes/c7-nat-once-per-flow.scene --lang ru > "$tmp/ru.txt" 2>&1
if grep -q 'первый пакет\|Первый пакет' "$tmp/ru.txt"; then
	ok "trace (text) with --lang ru narrates in Russian"
else
	head -20 "$tmp/ru.txt" > "$tmp/d"
	bad "trace (text) with --lang ru narrates in Russian" "$tmp/d"
fi
cat > "$tmp/tools" << 'TOOLS'
ip link add eth0 type veth peer name p0
ip link set eth0 up
ip addr add 10.0.0.1/24 dev eth0
ip route add 10.9.0.0/16 via 10.0.0.254
ip route add 10.9.0.0/16 via 10.0.0.254
ip route show
ip route get 10.9.1.1
ip route get 10.9.1.1 oif lo
ip rule show
ip neigh show
ip route del 192.0.2.0/24
iptables -t nat -A POSTROUTING -o eth0 -j MASQUERADE
iptables -t nat -S
iptables -t nat -A NOPE -j ACCEPT
conntrack -L
ss -tna
sysctl -w net.ipv4.ip_forward=2
sysctl net.ipv4.ip_forward
nosuchtool
TOOLS
"$PKTPATH" run --echo "$tmp/tools" > "$tmp/tools.en" 2>&1
"$PKTPATH" run --echo --lang ru "$tmp/tools" > "$tmp/tools.ru" 2>&1
if cmp -s "$tmp/tools.en" "$tmp/tools.ru" && grep -q 'RTNETLINK answers: File exists' "$tmp/tools.en"; then
	ok "ip, iptables, conntrack, ss and sysctl answer byte for byte the same with --lang ru"
else
	diff "$tmp/tools.en" "$tmp/tools.ru" | head -20 > "$tmp/d"
	bad "the emulated tools answer the same with --lang ru" "$tmp/d"
fi

# --- check: the reason clauses read English sentences; the report is Russian
if "$PKTPATH" check --lang ru scenes/c7-nat-once-per-flow.scene scenes/c5-no-routes.scene > "$tmp/chk" 2>&1 &&
	grep -q '^ok .*(ожиданий: [0-9]*)$' "$tmp/chk"; then
	ok "check --lang ru: the lessons' expectations (reason clauses too) hold; the report is Russian"
else
	bad "check --lang ru on two lessons" "$tmp/chk"
fi
printf 'step one\nh ip link add eth0 type veth peer name p0\nexpect h routes src 1.2.3.4\n' > "$tmp/f.scene"
"$PKTPATH" check --lang ru "$tmp/f.scene" > "$tmp/chkf" 2>&1
if grep -q 'ОШИБКА' "$tmp/chkf" && ! grep -q 'FAIL' "$tmp/chkf"; then
	ok "check --lang ru reports a failed expectation in Russian"
else
	bad "check --lang ru reports a failed expectation in Russian" "$tmp/chkf"
fi

echo "$pass passed, $fail failed"
