#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
# Checks an asciicast v2 file as `pktpath record` writes it, and splits its frames:
#   cast.py CAST W H OUTDIR
# - line 1 is a JSON object with version 2, width W, height H and a title;
# - every other line is a JSON array [time, "o"|"m", text], times never decreasing;
# - each "o" event is one whole frame: cursor home, then H rows separated by CR LF, each
#   W columns wide once the SGR sequences are taken out (wide characters count 2);
# writes the frames' text (SGR removed, trailing blanks cut, as `pktpath render` prints
# it) to OUTDIR/frame-N (N from 1) and the markers, one per line, to OUTDIR/markers.
# Prints "frames N markers M" and exits 0, or prints what is wrong and exits 1.
import json
import re
import sys
import unicodedata

cast, w, h, outdir = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
SGR = re.compile(r"\x1b\[[0-9;]*m")


def width(s):
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)


def fail(msg):
    print(msg)
    sys.exit(1)


with open(cast, encoding="utf-8") as f:
    lines = f.read().split("\n")
if lines and lines[-1] == "":
    lines.pop()
head = json.loads(lines[0])
if not isinstance(head, dict) or head.get("version") != 2 or head.get("width") != w or head.get("height") != h:
    fail("header: %r" % head)
if not isinstance(head.get("title"), str) or not head["title"]:
    fail("header: no title")
frames = markers = 0
last = -1.0
with open(outdir + "/markers", "w", encoding="utf-8") as mk:
    for n, line in enumerate(lines[1:], 2):
        ev = json.loads(line)
        if not (isinstance(ev, list) and len(ev) == 3 and isinstance(ev[0], (int, float))
                and ev[1] in ("o", "m") and isinstance(ev[2], str)):
            fail("line %d: not [time, \"o\"|\"m\", text]: %.80s" % (n, line))
        if ev[0] < last:
            fail("line %d: time goes back (%s < %s)" % (n, ev[0], last))
        last = ev[0]
        if ev[1] == "m":
            markers += 1
            mk.write(ev[2] + "\n")
            continue
        data = ev[2]
        if not data.startswith("\x1b[H"):
            fail("line %d: a frame must start at the cursor's home" % n)
        rows = SGR.sub("", data[3:]).split("\r\n")
        if len(rows) != h:
            fail("line %d: %d rows, want %d" % (n, len(rows), h))
        for i, r in enumerate(rows):
            if "\x1b" in r:
                fail("line %d row %d: an escape sequence other than SGR" % (n, i + 1))
            if width(r) != w:
                fail("line %d row %d: %d columns, want %d" % (n, i + 1, width(r), w))
        frames += 1
        with open("%s/frame-%d" % (outdir, frames), "w", encoding="utf-8") as fr:
            fr.write("".join(r.rstrip(" ") + "\n" for r in rows))
print("frames %d markers %d" % (frames, markers))
