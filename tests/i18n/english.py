#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""english.py ALLOWED FRAME...: prints `FRAME:ROW: word` for every English word in the
rendered frames that is not on the allowed list, and exits 1 if there is one.

A word is a run of 3 or more Latin letters that stands alone: runs inside identifiers
(inet_select_addr, enp0s3, c6-better-route, 172.16.70.0/24, net.ipv4.ip_forward,
--lang) are names, not prose. The allowed list holds what pktpath shows on purpose in
every language: the emulated tools' output (ip, iptables, conntrack, ss), kernel and
netfilter names, the trace's stage and verdict words, protocol and field names."""
import re
import sys

allowed = set()
for line in open(sys.argv[1], encoding="utf-8"):
    line = line.split("#", 1)[0]
    allowed.update(line.split())

token = re.compile(r"[^\s│┃║═─━┌┐└┘├┤┬┴┼╔╗╚╝╠╣╦╩╬╭╮╯╰|\[\](){}<>,;:!?\"'`«»=→←↑↓▶●·…]+")
word = re.compile(r"^[A-Za-z]{3,}$")
errno = re.compile(r"^E[A-Z]{3,}$")


def allowed_word(t):
    if t in allowed or t.lower() in allowed or errno.match(t):
        return True
    # cut at a pane's edge: the start of an allowed word
    return any(a.startswith(t) for a in allowed if len(a) > len(t))


bad = 0
for path in sys.argv[2:]:
    for row, text in enumerate(open(path, encoding="utf-8"), 1):
        for t in token.findall(text):
            t = t.strip(".")
            if word.match(t) and not allowed_word(t):
                print(f"{path}:{row}: {t}")
                bad += 1
sys.exit(1 if bad else 0)
