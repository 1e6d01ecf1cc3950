/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * frame: an in-memory grid of terminal cells (one UTF-8 glyph and one style id each),
 * the render target of the TUI (only ui/term.c talks to curses). Rendering writes here;
 * ui/term.c blits the grid to curses; `pktpath render` and the golden tests dump it as
 * text. No curses in this module, so frames can be rendered and compared without a terminal.
 *
 * Wide characters (wcwidth 2) occupy their cell plus a continuation cell that holds no
 * glyph; overwriting either half of a wide glyph blanks the other half. In ASCII mode
 * box drawing degrades to + - | and any other non-ASCII glyph to '?', so `--ascii`
 * output is pure 7-bit text.
 *
 * Rejected: drawing straight into curses windows (untestable without a terminal, the
 * htop pattern of drawing straight to curses).
 */
#ifndef PKTPATH_FRAME_H
#define PKTPATH_FRAME_H

#include <stdbool.h>
#include <stdint.h>

#include "base/util.h"

/* Style ids. ui/term.c maps each to colours and attributes per theme. */
#define STYLE_LIST(X)    \
	X(NORMAL)        \
	X(DIM)           \
	X(BORDER)        \
	X(TITLE)         \
	X(SELECTED)      \
	X(CURRENT)       \
	X(CHANGED)       \
	X(STATUS)        \
	X(KEY)           \
	X(PACKET)        \
	X(MATCH)         \
	X(GOOD)          \
	X(BAD)           \
	X(CAPTION)       \
	X(O_NONE)        \
	X(O_APP)         \
	X(O_SOCKET)      \
	X(O_ROUTE)       \
	X(O_ADDR_SELECT) \
	X(O_INCOMING)    \
	X(O_NAT)         \
	X(O_CONNTRACK)   \
	X(O_KERNEL)      \
	X(O_NEIGH)
#define X_ENUM(id) ST_##id,
enum style { STYLE_LIST(X_ENUM) ST__COUNT };
#undef X_ENUM

struct cell {
	char g[7]; /* UTF-8 glyph, NUL-terminated; "" = continuation of a wide glyph */
	uint8_t style;
};

struct frame {
	int w, h;
	bool ascii;
	struct cell *c; /* w*h, row-major */
};

struct rect {
	int x, y, w, h;
};

/* Box and symbol glyphs; frame_sym() picks the UTF-8 or the ASCII form. */
enum sym {
	SYM_H,
	SYM_V,
	SYM_TL,
	SYM_TR,
	SYM_BL,
	SYM_BR, /* box */
	SYM_ARROW_R,
	SYM_ARROW_L,
	SYM_POINTER,
	SYM_DOT,
	SYM_WIRE,
	SYM_CHANGED,
	SYM_TOKEN,
	SYM__COUNT
};
const char *frame_sym(const struct frame *f, enum sym s);

void frame_init(struct frame *f, int w, int h, bool ascii);
void frame_release(struct frame *f);
/* Resizes and clears; w or h below 1 become 1. */
void frame_resize(struct frame *f, int w, int h);
void frame_clear(struct frame *f);

/* Cell at (x, y) or NULL when outside. */
struct cell *frame_at(struct frame *f, int x, int y);
const struct cell *frame_at_c(const struct frame *f, int x, int y);

/* Writes UTF-8 text at (x, y), at most maxw columns (maxw < 0: up to the right edge),
 * clipped to the frame. Control characters become '?', invalid UTF-8 becomes U+FFFD.
 * Returns the number of columns used. */
int frame_text(struct frame *f, int x, int y, int maxw, enum style st, const char *s);
int frame_printf(struct frame *f, int x, int y, int maxw, enum style st, const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));
/* Writes one glyph (UTF-8, possibly a frame_sym()) n times. */
void frame_repeat(struct frame *f, int x, int y, int n, enum style st, const char *glyph);
void frame_fill(struct frame *f, struct rect r, enum style st);
/* Sets the style of existing cells (highlight a row). */
void frame_restyle(struct frame *f, struct rect r, enum style st);
/* Box outline with an optional title in the top border. */
void frame_box(struct frame *f, struct rect r, enum style st, const char *title, enum style tst);
/* Box outlines that tell a host's kind at a glance: a plain host, a router (rounded
 * corners; ASCII / and \) and a switch or bridge (double lines; ASCII # and =). */
enum box_shape { BOX_PLAIN, BOX_ROUTER, BOX_SWITCH };
void frame_box_shaped(struct frame *f, struct rect r, enum box_shape shape, enum style st,
		      const char *title, enum style tst);

/* Display width of UTF-8 text (wcwidth per code point; control and invalid count 1). */
int text_width(const char *s);
/* Word-wraps s into lines of at most w columns; calls emit for each line. Returns the
 * number of lines. Long words are cut. */
int text_wrap(const char *s, int w, void (*emit)(void *arg, int line, const char *text), void *arg);

/* The frame as text: one line per row, trailing blanks removed, '\n' after each. */
void frame_dump(const struct frame *f, struct strbuf *sb);

#endif
