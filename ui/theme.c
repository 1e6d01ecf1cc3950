/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * theme: see theme.h. dark uses the terminal's own background; light and contrast are for
 * projectors (explicit background, bold); colorblind is contrast's layout in a palette
 * that people with any of the three colour-vision deficiencies tell apart (after Okabe
 * and Ito's: sky blue, orange, bluish green, yellow, reddish purple): no red/green pair,
 * and where two styles share a hue they differ by underline. tests/unit/test-theme.c
 * checks WCAG AA contrast (4.5:1) for every pair of the explicit themes, in truecolor
 * and in the 256-colour fallbacks, and the colour-blind theme's pairs under simulated
 * protanopia, deuteranopia and tritanopia.
 */
#include "theme.h"

#include <stdbool.h>

#define DEF                \
	{                  \
		-1, -1, -1 \
	}
#define BLACK                   \
	{                       \
		0x000000, 16, 0 \
	}
#define WHITE                     \
	{                         \
		0xffffff, 231, 15 \
	}
#define CYAN                    \
	{                       \
		0x00afaf, 37, 6 \
	}
#define YELLOW                    \
	{                         \
		0xffd700, 220, 11 \
	}
#define MAGENTA                   \
	{                         \
		0xff5fff, 207, 13 \
	}
#define GREEN                   \
	{                       \
		0x5fd700, 76, 2 \
	}
#define LGREEN                   \
	{                        \
		0x5fd75f, 77, 10 \
	}
#define RED                      \
	{                        \
		0xff5f5f, 203, 9 \
	}

/* dark: the terminal's own background, colours for meaning */
static const struct theme_style theme_dark[ST__COUNT] = {
	[ST_NORMAL] = { DEF, DEF, 0, 0 },
	[ST_DIM] = { DEF, DEF, TA_DIM, 0 },
	[ST_BORDER] = { CYAN, DEF, 0, 0 },
	[ST_TITLE] = { CYAN, DEF, TA_BOLD, TA_BOLD },
	[ST_SELECTED] = { YELLOW, DEF, TA_BOLD, TA_BOLD },
	[ST_CURRENT] = { BLACK, { 0xffd700, 220, 3 }, 0, TA_REVERSE },
	[ST_CHANGED] = { MAGENTA, DEF, TA_BOLD | TA_UNDERLINE, TA_BOLD | TA_UNDERLINE },
	[ST_STATUS] = { BLACK, CYAN, 0, TA_REVERSE },
	[ST_KEY] = { YELLOW, DEF, TA_BOLD, TA_BOLD },
	[ST_PACKET] = { BLACK, GREEN, TA_BOLD, TA_REVERSE | TA_BOLD },
	[ST_MATCH] = { BLACK, GREEN, 0, TA_REVERSE },
	[ST_GOOD] = { LGREEN, DEF, TA_BOLD, TA_BOLD },
	[ST_BAD] = { RED, DEF, TA_BOLD, TA_BOLD },
	[ST_CAPTION] = { WHITE, DEF, TA_BOLD, TA_BOLD },
	[ST_O_NONE] = { DEF, DEF, TA_DIM, 0 },
	[ST_O_APP] = { MAGENTA, DEF, TA_BOLD, TA_BOLD },
	[ST_O_SOCKET] = { { 0x5fafff, 75, 12 }, DEF, TA_BOLD, TA_BOLD },
	[ST_O_ROUTE] = { LGREEN, DEF, TA_BOLD, TA_BOLD },
	[ST_O_ADDR_SELECT] = { { 0x5fffff, 87, 14 }, DEF, TA_BOLD, TA_BOLD },
	[ST_O_INCOMING] = { { 0xd7af00, 178, 3 }, DEF, 0, 0 },
	[ST_O_NAT] = { RED, DEF, TA_BOLD, TA_BOLD },
	[ST_O_CONNTRACK] = { { 0xd75f5f, 167, 1 }, DEF, 0, 0 },
	[ST_O_KERNEL] = { { 0xd0d0d0, 252, 7 }, DEF, 0, 0 },
	[ST_O_NEIGH] = { CYAN, DEF, 0, 0 },
};

#define DBLUE                   \
	{                       \
		0x0000af, 19, 4 \
	}
#define DRED                     \
	{                        \
		0xaf0000, 124, 1 \
	}
#define DGREEN                  \
	{                       \
		0x008700, 28, 2 \
	}

/* light / projector: black on white, bold, no TA_DIM, no blue-on-black (readable on a projector) */
static const struct theme_style theme_light[ST__COUNT] = {
	[ST_NORMAL] = { BLACK, WHITE, TA_BOLD, 0 },
	[ST_DIM] = { BLACK, WHITE, 0, 0 },
	[ST_BORDER] = { DBLUE, WHITE, TA_BOLD, 0 },
	[ST_TITLE] = { DBLUE, WHITE, TA_BOLD, TA_BOLD },
	[ST_SELECTED] = { DRED, WHITE, TA_BOLD, TA_BOLD },
	[ST_CURRENT] = { WHITE, DBLUE, TA_BOLD, TA_REVERSE },
	[ST_CHANGED] = { { 0xaf00af, 127, 5 },
			 WHITE,
			 TA_BOLD | TA_UNDERLINE,
			 TA_BOLD | TA_UNDERLINE },
	[ST_STATUS] = { WHITE, BLACK, TA_BOLD, TA_REVERSE },
	[ST_KEY] = { DBLUE, WHITE, TA_BOLD, TA_BOLD },
	[ST_PACKET] = { WHITE, DGREEN, TA_BOLD, TA_REVERSE | TA_BOLD },
	[ST_MATCH] = { BLACK, { 0x87ff87, 120, 10 }, TA_BOLD, TA_REVERSE },
	[ST_GOOD] = { DGREEN, WHITE, TA_BOLD, TA_BOLD },
	[ST_BAD] = { DRED, WHITE, TA_BOLD, TA_BOLD },
	[ST_CAPTION] = { BLACK, WHITE, TA_BOLD, TA_BOLD },
	[ST_O_NONE] = { BLACK, WHITE, 0, 0 },
	[ST_O_APP] = { { 0x870087, 90, 5 }, WHITE, TA_BOLD, TA_BOLD },
	[ST_O_SOCKET] = { DBLUE, WHITE, TA_BOLD, TA_BOLD },
	[ST_O_ROUTE] = { { 0x005f00, 22, 2 }, WHITE, TA_BOLD, TA_BOLD },
	[ST_O_ADDR_SELECT] = { { 0x005f87, 24, 6 }, WHITE, TA_BOLD, TA_BOLD },
	/* brown on white; with 16 colours black on bright yellow (yellow on white is unreadable) */
	[ST_O_INCOMING] = { { 0x875f00, 94, 0 }, { 0xffffff, 231, 11 }, TA_BOLD, TA_BOLD },
	[ST_O_NAT] = { DRED, WHITE, TA_BOLD, TA_BOLD },
	[ST_O_CONNTRACK] = { { 0x870000, 88, 1 }, WHITE, TA_UNDERLINE, TA_UNDERLINE },
	[ST_O_KERNEL] = { BLACK, WHITE, TA_BOLD, 0 },
	[ST_O_NEIGH] = { { 0x005f5f, 23, 6 }, WHITE, TA_BOLD, 0 },
};

#define BRYELLOW                  \
	{                         \
		0xffff00, 226, 11 \
	}
#define BRGREEN                  \
	{                        \
		0x5fff5f, 83, 10 \
	}

/* high contrast / projector-dark: white and yellow on black, bold everywhere */
static const struct theme_style theme_contrast[ST__COUNT] = {
	[ST_NORMAL] = { WHITE, BLACK, TA_BOLD, 0 },
	[ST_DIM] = { { 0xbcbcbc, 250, 7 }, BLACK, 0, 0 },
	[ST_BORDER] = { WHITE, BLACK, TA_BOLD, 0 },
	[ST_TITLE] = { BRYELLOW, BLACK, TA_BOLD, TA_BOLD },
	[ST_SELECTED] = { BRYELLOW, BLACK, TA_BOLD, TA_BOLD },
	[ST_CURRENT] = { BLACK, BRYELLOW, TA_BOLD, TA_REVERSE },
	[ST_CHANGED] = { BRYELLOW, BLACK, TA_BOLD | TA_UNDERLINE, TA_BOLD | TA_UNDERLINE },
	[ST_STATUS] = { BLACK, WHITE, TA_BOLD, TA_REVERSE },
	[ST_KEY] = { BRYELLOW, BLACK, TA_BOLD, TA_BOLD },
	[ST_PACKET] = { BLACK, BRYELLOW, TA_BOLD, TA_REVERSE | TA_BOLD },
	[ST_MATCH] = { BLACK, WHITE, TA_BOLD, TA_REVERSE },
	[ST_GOOD] = { BRGREEN, BLACK, TA_BOLD, TA_BOLD },
	[ST_BAD] = { RED, BLACK, TA_BOLD, TA_BOLD },
	[ST_CAPTION] = { BRYELLOW, BLACK, TA_BOLD, TA_BOLD },
	[ST_O_NONE] = { { 0xd0d0d0, 252, 7 }, BLACK, 0, 0 },
	[ST_O_APP] = { { 0xff87ff, 213, 13 }, BLACK, TA_BOLD, TA_BOLD },
	[ST_O_SOCKET] = { { 0x5fffff, 87, 14 }, BLACK, TA_BOLD, TA_BOLD },
	[ST_O_ROUTE] = { BRGREEN, BLACK, TA_BOLD, TA_BOLD },
	[ST_O_ADDR_SELECT] = { { 0x5fffff, 87, 14 }, BLACK, TA_BOLD | TA_UNDERLINE, TA_BOLD },
	[ST_O_INCOMING] = { BRYELLOW, BLACK, TA_BOLD, TA_BOLD },
	[ST_O_NAT] = { RED, BLACK, TA_BOLD, TA_BOLD },
	[ST_O_CONNTRACK] = { RED, BLACK, TA_BOLD | TA_UNDERLINE, TA_BOLD },
	[ST_O_KERNEL] = { WHITE, BLACK, TA_BOLD, TA_BOLD },
	[ST_O_NEIGH] = { BRGREEN, BLACK, TA_BOLD | TA_UNDERLINE, TA_BOLD },
};

/* colorblind: Okabe-Ito hues on black, bold; pairs of one hue differ by underline */
#define SKY                      \
	{                        \
		0x56b4e9, 74, 12 \
	}
#define ORANGE                   \
	{                        \
		0xe69f00, 214, 3 \
	}
#define BGREEN                  \
	{                       \
		0x009e73, 36, 2 \
	}
#define CBYELLOW                  \
	{                         \
		0xf0e442, 227, 11 \
	}
#define PURPLE                    \
	{                         \
		0xcc79a7, 175, 13 \
	}
#define GREY                     \
	{                        \
		0xbcbcbc, 250, 7 \
	}

static const struct theme_style theme_colorblind[ST__COUNT] = {
	[ST_NORMAL] = { WHITE, BLACK, TA_BOLD, 0 },
	[ST_DIM] = { GREY, BLACK, 0, 0 },
	[ST_BORDER] = { SKY, BLACK, TA_BOLD, 0 },
	[ST_TITLE] = { CBYELLOW, BLACK, TA_BOLD, TA_BOLD },
	[ST_SELECTED] = { ORANGE, BLACK, TA_BOLD, TA_BOLD },
	[ST_CURRENT] = { BLACK, CBYELLOW, TA_BOLD, TA_REVERSE },
	[ST_CHANGED] = { PURPLE, BLACK, TA_BOLD | TA_UNDERLINE, TA_BOLD | TA_UNDERLINE },
	[ST_STATUS] = { BLACK, { 0xd0d0d0, 252, 7 }, TA_BOLD, TA_REVERSE },
	[ST_KEY] = { CBYELLOW, BLACK, TA_BOLD, TA_BOLD },
	[ST_PACKET] = { BLACK, SKY, TA_BOLD, TA_REVERSE | TA_BOLD },
	[ST_MATCH] = { BLACK, ORANGE, TA_BOLD, TA_REVERSE },
	[ST_GOOD] = { SKY, BLACK, TA_BOLD, TA_BOLD },
	[ST_BAD] = { ORANGE, BLACK, TA_BOLD | TA_UNDERLINE, TA_BOLD | TA_UNDERLINE },
	[ST_CAPTION] = { WHITE, BLACK, TA_BOLD, TA_BOLD },
	[ST_O_NONE] = { GREY, BLACK, 0, 0 },
	[ST_O_APP] = { PURPLE, BLACK, TA_BOLD, TA_BOLD },
	[ST_O_SOCKET] = { SKY, BLACK, TA_BOLD, TA_BOLD },
	[ST_O_ROUTE] = { BGREEN, BLACK, TA_BOLD, TA_BOLD },
	[ST_O_ADDR_SELECT] = { SKY, BLACK, TA_BOLD | TA_UNDERLINE, TA_BOLD },
	[ST_O_INCOMING] = { CBYELLOW, BLACK, 0, 0 },
	[ST_O_NAT] = { ORANGE, BLACK, TA_BOLD, TA_BOLD },
	[ST_O_CONNTRACK] = { ORANGE, BLACK, TA_BOLD | TA_UNDERLINE, TA_BOLD },
	[ST_O_KERNEL] = { WHITE, BLACK, TA_BOLD, TA_BOLD },
	[ST_O_NEIGH] = { BGREEN, BLACK, TA_BOLD | TA_UNDERLINE, TA_BOLD },
};

const struct theme_style *theme_styles(enum theme t)
{
	switch (t) {
	case THEME_LIGHT:
		return theme_light;
	case THEME_CONTRAST:
		return theme_contrast;
	case THEME_COLORBLIND:
		return theme_colorblind;
	case THEME_DARK:
	case THEME_MONO:
	case THEME__COUNT:
		break;
	}
	return theme_dark;
}

bool theme_is_explicit(enum theme t)
{
	return t == THEME_LIGHT || t == THEME_CONTRAST || t == THEME_COLORBLIND;
}

static void sgr(const struct theme_style *st, bool mono, struct strbuf *sb)
{
	unsigned a = mono ? st->mono : st->attr;

	strbuf_puts(sb, "\x1b[0");
	if (a & TA_BOLD)
		strbuf_puts(sb, ";1");
	if (a & TA_DIM)
		strbuf_puts(sb, ";2");
	if (a & TA_UNDERLINE)
		strbuf_puts(sb, ";4");
	if (a & TA_REVERSE)
		strbuf_puts(sb, ";7");
	if (!mono && st->fg.rgb >= 0)
		strbuf_printf(sb, ";38;2;%d;%d;%d", st->fg.rgb >> 16 & 0xff, st->fg.rgb >> 8 & 0xff,
			      st->fg.rgb & 0xff);
	if (!mono && st->bg.rgb >= 0)
		strbuf_printf(sb, ";48;2;%d;%d;%d", st->bg.rgb >> 16 & 0xff, st->bg.rgb >> 8 & 0xff,
			      st->bg.rgb & 0xff);
	strbuf_puts(sb, "m");
}

void theme_frame_ansi(const struct frame *f, enum theme t, const char *eol, struct strbuf *sb)
{
	const struct theme_style *styles = theme_styles(t);
	bool mono = t == THEME_MONO;

	for (int y = 0; y < f->h; y++) {
		int cur = -1;

		for (int x = 0; x < f->w; x++) {
			const struct cell *c = frame_at_c(f, x, y);

			if (!c->g[0])
				continue; /* right half of a wide glyph */
			if (c->style != cur) {
				cur = c->style < ST__COUNT ? c->style : ST_NORMAL;
				sgr(&styles[cur], mono, sb);
			}
			strbuf_puts(sb, c->g);
		}
		strbuf_puts(sb, "\x1b[0m");
		if (y + 1 < f->h)
			strbuf_puts(sb, eol);
	}
}
