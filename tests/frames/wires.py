#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
# Follows every wire drawn in the channels between rows of host boxes of a rendered
# frame (Unicode glyphs) and checks that it joins the NICs that are wired together.
#
# usage: wires.py FRAME WANT
#   A wire leaves a box by a tee on its border (bottom: ┬, top: ┴), runs through the
#   channel rows (│ ─ and the corners; ┼ is a crossing, passed straight), and enters
#   another box by a tee. Each end is named HOST:NIC: the box's title, and the NIC
#   whose label is above the tee (its `═ PEER:NIC` line names the far end) or, for a
#   box that names no NIC there (a switch's ports), HOST alone.
#   Prints one line per wire, sorted ("a:eth1 - b"); exits 1 unless the wires are
#   exactly WANT (a comma-separated list of such lines) and every named end's peer
#   label names the box at the other end.
import re
import sys

UP, DOWN, LEFT, RIGHT = (0, -1), (0, 1), (-1, 0), (1, 0)
# a corner turns the way the wire goes on: (glyph, coming in) -> going out
TURN = {
    ("└", DOWN): RIGHT, ("└", LEFT): UP,
    ("┘", DOWN): LEFT, ("┘", RIGHT): UP,
    ("┌", UP): RIGHT, ("┌", LEFT): DOWN,
    ("┐", UP): LEFT, ("┐", RIGHT): DOWN,
}
CORNERS = "┌┐└┘╭╮╰╯╔╗╚╝"


def load(path):
    rows = [list(l.rstrip("\n")) for l in open(path, encoding="utf-8")]
    w = max(len(r) for r in rows)
    return [r + [" "] * (w - len(r)) for r in rows]


def at(g, x, y):
    return g[y][x] if 0 <= y < len(g) and 0 <= x < len(g[y]) else " "


def box_of(g, x, y):
    """The box whose border row y holds column x: (title, left, right)."""
    row = g[y]
    left = x
    while left > 0 and row[left] not in CORNERS:
        left -= 1
    right = x
    while right < len(row) - 1 and row[right] not in CORNERS:
        right += 1
    return left, right


def title(g, left, top):
    m = re.search(r"[─═] (?:▶ )?(\S+)", "".join(g[top][left:left + 60]))
    return m.group(1) if m else "?"


def box_rows(g, left, y, bottom):
    """The rows of the box whose left border is at column left and whose bottom (or top)
    border is row y: (top, bottom)."""
    if bottom:
        top = y
        while top > 0 and g[top][left] not in "┌╭╔":
            top -= 1
        return top, y
    bot = y
    while bot < len(g) - 1 and g[bot][left] not in "└╰╚":
        bot += 1
    return y, bot


def end_name(g, x, y, bottom):
    """HOST[:NIC] of the box whose border cell (x, y) the wire enters, and the peer its
    NIC's label names ("" when the box names no NIC at or left of x: a switch's ports).
    A wire is under its NIC's label, or right of it when a title is in the way."""
    left, right = box_of(g, x, y)
    top, bot = box_rows(g, left, y, bottom)
    host = title(g, left, top)
    nic = peer = ""
    col = x - left - 1
    for yy in range(top + 1, bot):
        line = "".join(g[yy][left + 1:right])
        best = None
        for m in re.finditer(r"\[(\S+?)\]", line):
            if m.start() <= col:
                best = m
        if best:
            nic = best.group(1)
            for zz in range(yy + 1, bot):
                pl = "".join(g[zz][left + 1:right])
                for m in re.finditer(r"═ (\S+?):", pl):
                    if m.start() == best.start():
                        peer = m.group(1)
            break
    return (host + (":" + nic if nic else "")), peer


def follow(g, x, y, d):
    """From the tee at (x, y) going d: the tee at the other end and its direction."""
    x, y = x + d[0], y + d[1]
    for _ in range(10000):
        c = at(g, x, y)
        if c in "┬┴" and d in (UP, DOWN):
            return x, y, d
        if (c, d) in TURN:
            d = TURN[(c, d)]
        elif not (c == "┼" or (c == "│" and d in (UP, DOWN)) or (c == "─" and d in (LEFT, RIGHT))):
            raise SystemExit(f"wire broken at {x},{y}: {c!r} going {d}")
        x, y = x + d[0], y + d[1]
    raise SystemExit("wire never ends")


def main():
    g = load(sys.argv[1])
    want = sorted(w.strip() for w in sys.argv[2].split(",") if w.strip())
    seen, wires, bad = set(), [], []
    for y, row in enumerate(g):
        for x, c in enumerate(row):
            if c != "┬" or (x, y) in seen or at(g, x, y + 1) not in "│┼└┘":
                continue
            ex, ey, d = follow(g, x, y, DOWN)
            seen.add((x, y))
            seen.add((ex, ey))
            a, pa = end_name(g, x, y, True)
            b, pb = end_name(g, ex, ey, d == UP)
            for name, peer, other in ((a, pa, b), (b, pb, a)):
                if ":" in name and peer and peer != other.split(":")[0]:
                    bad.append(f"{name} is labelled as wired to {peer}, the wire goes to {other}")
            wires.append(" - ".join(sorted((a, b))))
    wires.sort()
    for w in wires:
        print(w)
    for b in bad:
        print("BAD", b)
    if wires != want or bad:
        print("want:", ", ".join(want))
        sys.exit(1)


main()
