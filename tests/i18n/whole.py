#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""whole.py NAME EN RU: the Russian trace RU of a scene against its English trace EN.
Prints one line per problem: RU is not UTF-8; the traces differ in length; or an event's
sentence that ends with a reference in English ("(E3)", "(B3.5, B4)", "(claim C1)") does
not end with it in Russian, which is what a sentence cut at its buffer's end looks like
(Cyrillic letters take two bytes, so the Russian sentences are the long ones)."""
import re
import sys

name = sys.argv[1]
en = open(sys.argv[2], encoding="utf-8").read().split("\n")
try:
    ru = open(sys.argv[3], encoding="utf-8").read().split("\n")
except UnicodeDecodeError as e:
    print(f"{name}: the Russian trace is not UTF-8 (byte {e.start})")
    sys.exit()
if len(en) != len(ru):
    print(f"{name}: {len(en)} lines in English, {len(ru)} in Russian")
    sys.exit()
ref = re.compile(r"\((?:claim )?[A-G][0-9][^()]*\)$")
for n, (a, b) in enumerate(zip(en, ru), 1):
    wa = a.split(" | ", 1)[1] if " | " in a else ""
    wb = b.split(" | ", 1)[1] if " | " in b else ""
    m = ref.search(wa)
    if "\\x" in b:
        print(f"{name}:{n}: an escaped byte: …{b[-70:]}")
    elif m and not wb.endswith(m.group(0).replace("claim ", "утверждение ")):
        print(f"{name}:{n}: ends «…{wb[-50:]}», not with {m.group(0)}")
