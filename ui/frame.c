/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * frame: see frame.h. UTF-8 is decoded here by hand (not mbrtowc) so that the result
 * does not depend on LC_CTYPE being a UTF-8 locale; only the column width comes from
 * wcwidth(), with width 1 assumed where the locale cannot tell.
 */
#include "frame.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

static const char *const sym_utf8[SYM__COUNT] = {
	[SYM_H] = "─",	     [SYM_V] = "│",   [SYM_TL] = "┌",	   [SYM_TR] = "┐",
	[SYM_BL] = "└",	     [SYM_BR] = "┘",  [SYM_ARROW_R] = "→", [SYM_ARROW_L] = "←",
	[SYM_POINTER] = "▶", [SYM_DOT] = "·", [SYM_WIRE] = "═",	   [SYM_CHANGED] = "*",
	[SYM_TOKEN] = "●",
};
static const char *const sym_ascii[SYM__COUNT] = {
	[SYM_H] = "-",	     [SYM_V] = "|",   [SYM_TL] = "+",	   [SYM_TR] = "+",
	[SYM_BL] = "+",	     [SYM_BR] = "+",  [SYM_ARROW_R] = ">", [SYM_ARROW_L] = "<",
	[SYM_POINTER] = ">", [SYM_DOT] = ".", [SYM_WIRE] = "=",	   [SYM_CHANGED] = "*",
	[SYM_TOKEN] = "o",
};

const char *frame_sym(const struct frame *f, enum sym s)
{
	return f->ascii ? sym_ascii[s] : sym_utf8[s];
}

void frame_init(struct frame *f, int w, int h, bool ascii)
{
	f->c = NULL;
	f->w = f->h = 0;
	f->ascii = ascii;
	frame_resize(f, w, h);
}

void frame_release(struct frame *f)
{
	free(f->c);
	f->c = NULL;
	f->w = f->h = 0;
}

void frame_resize(struct frame *f, int w, int h)
{
	if (w < 1)
		w = 1;
	if (h < 1)
		h = 1;
	if (w != f->w || h != f->h) {
		free(f->c);
		f->c = xcalloc((size_t)w * (size_t)h, sizeof(*f->c));
		f->w = w;
		f->h = h;
	}
	frame_clear(f);
}

void frame_clear(struct frame *f)
{
	for (int i = 0; i < f->w * f->h; i++) {
		f->c[i].g[0] = ' ';
		f->c[i].g[1] = '\0';
		f->c[i].style = ST_NORMAL;
	}
}

struct cell *frame_at(struct frame *f, int x, int y)
{
	if (x < 0 || y < 0 || x >= f->w || y >= f->h)
		return NULL;
	return &f->c[y * f->w + x];
}

const struct cell *frame_at_c(const struct frame *f, int x, int y)
{
	if (x < 0 || y < 0 || x >= f->w || y >= f->h)
		return NULL;
	return &f->c[y * f->w + x];
}

/* Decodes one code point; returns its length in bytes (>= 1), *cp = 0xFFFD if invalid. */
static int utf8_decode(const char *s, uint32_t *cp)
{
	const unsigned char *u = (const unsigned char *)s;
	int len, i;
	uint32_t c;

	if (u[0] < 0x80) {
		*cp = u[0];
		return 1;
	}
	if ((u[0] & 0xe0) == 0xc0) {
		len = 2;
		c = u[0] & 0x1f;
	} else if ((u[0] & 0xf0) == 0xe0) {
		len = 3;
		c = u[0] & 0x0f;
	} else if ((u[0] & 0xf8) == 0xf0) {
		len = 4;
		c = u[0] & 0x07;
	} else {
		*cp = 0xfffd;
		return 1;
	}
	for (i = 1; i < len; i++) {
		if ((u[i] & 0xc0) != 0x80) {
			*cp = 0xfffd;
			return i;
		}
		c = (c << 6) | (u[i] & 0x3f);
	}
	if (c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff) || (len == 2 && c < 0x80) ||
	    (len == 3 && c < 0x800) || (len == 4 && c < 0x10000))
		c = 0xfffd;
	*cp = c;
	return len;
}

static int cp_width(uint32_t cp)
{
	int w;

	if (cp < 0x20 || cp == 0x7f)
		return 1; /* shown as '?' */
	if (cp < 0x7f)
		return 1;
	w = wcwidth((wchar_t)cp);
	if (w < 0)
		return 1;
	return w; /* 0 for combining marks */
}

static int utf8_encode(uint32_t cp, char *out)
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xc0 | (cp >> 6));
		out[1] = (char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (char)(0xe0 | (cp >> 12));
		out[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		out[2] = (char)(0x80 | (cp & 0x3f));
		return 3;
	}
	out[0] = (char)(0xf0 | (cp >> 18));
	out[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
	out[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
	out[3] = (char)(0x80 | (cp & 0x3f));
	return 4;
}

int text_width(const char *s)
{
	int w = 0;

	while (*s) {
		uint32_t cp;

		s += utf8_decode(s, &cp);
		w += cp_width(cp);
	}
	return w;
}

/* Blanks the other half of a wide glyph that (x, y) belongs to. */
static void unsplit(struct frame *f, int x, int y)
{
	struct cell *c = frame_at(f, x, y), *n;

	if (!c)
		return;
	if (c->g[0] == '\0') { /* continuation: blank the lead cell */
		n = frame_at(f, x - 1, y);
		if (n) {
			strcpy(n->g, " ");
		}
	} else {
		n = frame_at(f, x + 1, y);
		if (n && n->g[0] == '\0')
			strcpy(n->g, " ");
	}
}

static void put_cp(struct frame *f, int x, int y, int w, uint32_t cp, enum style st)
{
	struct cell *c = frame_at(f, x, y);
	char buf[8];
	int n;

	if (!c)
		return;
	unsplit(f, x, y);
	if (w == 2)
		unsplit(f, x + 1, y);
	if (cp < 0x20 || cp == 0x7f || (f->ascii && cp >= 0x80))
		cp = '?';
	n = utf8_encode(cp, buf);
	buf[n] = '\0';
	memcpy(c->g, buf, (size_t)n + 1);
	c->style = (uint8_t)st;
	if (w == 2) {
		struct cell *c2 = frame_at(f, x + 1, y);

		if (c2) {
			c2->g[0] = '\0';
			c2->style = (uint8_t)st;
		}
	}
}

int frame_text(struct frame *f, int x, int y, int maxw, enum style st, const char *s)
{
	int col = 0;

	if (y < 0 || y >= f->h)
		return 0;
	if (maxw < 0 || x + maxw > f->w)
		maxw = f->w - x;
	if (maxw <= 0)
		return 0;
	while (*s) {
		uint32_t cp;
		int w;

		s += utf8_decode(s, &cp);
		w = cp_width(cp);
		if (f->ascii && cp >= 0x80)
			w = 1;
		if (w == 0) {
			/* combining mark: append to the previous glyph when it fits */
			struct cell *p = frame_at(f, x + col - 1, y);
			char buf[8];
			int n = utf8_encode(cp, buf);

			if (!f->ascii && p && col > 0 && strlen(p->g) + (size_t)n < sizeof(p->g)) {
				memcpy(p->g + strlen(p->g), buf, (size_t)n);
				p->g[strlen(p->g) + (size_t)n] = '\0';
			}
			continue;
		}
		if (col + w > maxw)
			break;
		if (x + col >= 0)
			put_cp(f, x + col, y, w, cp, st);
		col += w;
	}
	return col;
}

int frame_printf(struct frame *f, int x, int y, int maxw, enum style st, const char *fmt, ...)
{
	char buf[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	return frame_text(f, x, y, maxw, st, buf);
}

void frame_repeat(struct frame *f, int x, int y, int n, enum style st, const char *glyph)
{
	for (int i = 0; i < n; i++)
		frame_text(f, x + i, y, 1, st, glyph);
}

void frame_fill(struct frame *f, struct rect r, enum style st)
{
	for (int y = r.y; y < r.y + r.h; y++)
		for (int x = r.x; x < r.x + r.w; x++) {
			struct cell *c = frame_at(f, x, y);

			if (c) {
				unsplit(f, x, y);
				strcpy(c->g, " ");
				c->style = (uint8_t)st;
			}
		}
}

void frame_restyle(struct frame *f, struct rect r, enum style st)
{
	for (int y = r.y; y < r.y + r.h; y++)
		for (int x = r.x; x < r.x + r.w; x++) {
			struct cell *c = frame_at(f, x, y);

			if (c)
				c->style = (uint8_t)st;
		}
}

/* corners TL TR BL BR, then the horizontal and the vertical line, per shape */
static const char *const shape_utf8[][6] = {
	[BOX_PLAIN] = { "┌", "┐", "└", "┘", "─", "│" },
	[BOX_ROUTER] = { "╭", "╮", "╰", "╯", "─", "│" },
	[BOX_SWITCH] = { "╔", "╗", "╚", "╝", "═", "║" },
};
static const char *const shape_ascii[][6] = {
	[BOX_PLAIN] = { "+", "+", "+", "+", "-", "|" },
	[BOX_ROUTER] = { "/", "\\", "\\", "/", "-", "|" },
	[BOX_SWITCH] = { "#", "#", "#", "#", "=", "#" },
};

void frame_box_shaped(struct frame *f, struct rect r, enum box_shape shape, enum style st,
		      const char *title, enum style tst)
{
	const char *const *g = f->ascii ? shape_ascii[shape] : shape_utf8[shape];

	if (r.w < 2 || r.h < 2)
		return;
	frame_text(f, r.x, r.y, 1, st, g[0]);
	frame_repeat(f, r.x + 1, r.y, r.w - 2, st, g[4]);
	frame_text(f, r.x + r.w - 1, r.y, 1, st, g[1]);
	for (int y = r.y + 1; y < r.y + r.h - 1; y++) {
		frame_text(f, r.x, y, 1, st, g[5]);
		frame_text(f, r.x + r.w - 1, y, 1, st, g[5]);
	}
	frame_text(f, r.x, r.y + r.h - 1, 1, st, g[2]);
	frame_repeat(f, r.x + 1, r.y + r.h - 1, r.w - 2, st, g[4]);
	frame_text(f, r.x + r.w - 1, r.y + r.h - 1, 1, st, g[3]);
	if (title && *title && r.w > 4) {
		int n = frame_text(f, r.x + 2, r.y, r.w - 4, tst, " ");

		n += frame_text(f, r.x + 2 + n, r.y, r.w - 4 - n, tst, title);
		frame_text(f, r.x + 2 + n, r.y, r.w - 4 - n, tst, " ");
	}
}

void frame_box(struct frame *f, struct rect r, enum style st, const char *title, enum style tst)
{
	frame_box_shaped(f, r, BOX_PLAIN, st, title, tst);
}

int text_wrap(const char *s, int w, void (*emit)(void *arg, int line, const char *text), void *arg)
{
	struct strbuf line;
	int nline = 0, lw = 0;

	if (w < 1)
		return 0;
	strbuf_init(&line);
	while (*s) {
		const char *e = s;
		char word[512];
		size_t n;
		int ww;

		while (*s == ' ')
			s++;
		if (!*s)
			break;
		e = s;
		while (*e && *e != ' ')
			e++;
		n = (size_t)(e - s);
		if (n >= sizeof(word))
			n = sizeof(word) - 1;
		memcpy(word, s, n);
		word[n] = '\0';
		ww = text_width(word);
		if (lw > 0 && lw + 1 + ww > w) {
			emit(arg, nline++, line.buf);
			strbuf_reset(&line);
			lw = 0;
		}
		if (lw > 0) {
			strbuf_puts(&line, " ");
			lw++;
		}
		strbuf_puts(&line, word);
		lw += ww;
		s = e;
	}
	if (lw > 0)
		emit(arg, nline++, line.buf);
	strbuf_release(&line);
	return nline;
}

void frame_dump(const struct frame *f, struct strbuf *sb)
{
	for (int y = 0; y < f->h; y++) {
		size_t start = sb->len, end;

		for (int x = 0; x < f->w; x++) {
			const struct cell *c = frame_at_c(f, x, y);

			if (c->g[0])
				strbuf_puts(sb, c->g);
		}
		end = sb->len;
		while (end > start && sb->buf[end - 1] == ' ')
			end--;
		sb->len = end;
		sb->buf[end] = '\0';
		strbuf_puts(sb, "\n");
	}
}
