/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * theme: the colours and attributes of every style (ui/frame.h) in every theme, without
 * curses: ui/term.c maps them to colour pairs, and tests check their contrast.
 */
#ifndef PKTPATH_THEME_H
#define PKTPATH_THEME_H

#include <stdint.h>

#include "frame.h"
#include "view.h"

/* attributes, mapped to curses' by ui/term.c */
enum { TA_BOLD = 1, TA_DIM = 2, TA_UNDERLINE = 4, TA_REVERSE = 8 };

/* A theme colour: 24-bit RGB plus hand-picked 256-colour and 16-colour fallbacks; rgb < 0
 * is the terminal's default colour. On an 8-colour terminal the bright half (8-15)
 * becomes 0-7 and a foreground gets bold. */
struct theme_col {
	int32_t rgb;
	short c256, c16;
};

struct theme_style {
	struct theme_col fg, bg;
	unsigned attr; /* TA_*, with colour */
	unsigned
		mono; /* TA_* without colour: bold, underline, reverse only (NO_COLOR means no greys) */
};

/* ST__COUNT styles of theme t; the mono theme has the dark theme's (term.c uses .mono) */
const struct theme_style *theme_styles(enum theme t);
/* true for the themes meant for projectors and for every viewer: every colour is
 * explicit (no terminal default), so their contrast can be checked */
bool theme_is_explicit(enum theme t);

/* The frame in theme t's colours as ANSI escape sequences (24-bit SGR; the mono theme
 * and the terminal-default colours of the dark theme as attributes and 39/49): every
 * cell of every row, rows separated by eol (none after the last). */
void theme_frame_ansi(const struct frame *f, enum theme t, const char *eol, struct strbuf *sb);

#endif
