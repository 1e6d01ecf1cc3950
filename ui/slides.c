/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * slides: see slides.h. A cell is CELL_W x CELL_H pixels; each <text> run carries
 * textLength, so the grid stays aligned whatever monospace font the viewer has.
 */
#include "slides.h"

#include <stdlib.h>
#include <string.h>

#include "theme.h"

enum { CELL_W = 10, CELL_H = 20, FONT_PX = 16, BASELINE = 15 };

/* the page's colours where a theme leaves them to the terminal (dark) */
#define PAGE_BG 0x1c1c1c
#define PAGE_FG 0xd0d0d0

static void xml_text(struct strbuf *sb, const char *s)
{
	for (; *s; s++) {
		if (*s == '&')
			strbuf_puts(sb, "&amp;");
		else if (*s == '<')
			strbuf_puts(sb, "&lt;");
		else if (*s == '>')
			strbuf_puts(sb, "&gt;");
		else if (*s == '"')
			strbuf_puts(sb, "&quot;");
		else
			strbuf_printf(sb, "%c", *s);
	}
}

static int32_t page_bg(enum theme t)
{
	const struct theme_style *n = &theme_styles(t)[ST_NORMAL];

	return t != THEME_MONO && n->bg.rgb >= 0 ? n->bg.rgb : PAGE_BG;
}

static int32_t page_fg(enum theme t)
{
	const struct theme_style *n = &theme_styles(t)[ST_NORMAL];

	return t != THEME_MONO && n->fg.rgb >= 0 ? n->fg.rgb : PAGE_FG;
}

/* a style's colours on the page: the theme's, the page's where it says "default",
 * swapped for reverse */
static void style_colours(enum theme t, int style, int32_t *fg, int32_t *bg, unsigned *attr)
{
	const struct theme_style *st = &theme_styles(t)[style < ST__COUNT ? style : ST_NORMAL];
	bool mono = t == THEME_MONO;

	*attr = mono ? st->mono : st->attr;
	*fg = !mono && st->fg.rgb >= 0 ? st->fg.rgb : page_fg(t);
	*bg = !mono && st->bg.rgb >= 0 ? st->bg.rgb : page_bg(t);
	if (*attr & TA_REVERSE) {
		int32_t x = *fg;

		*fg = *bg;
		*bg = x;
	}
}

/* a run of cells of one style: its background, then its text without the blanks at
 * either end (they would be stretched into the glyphs by textLength) */
static void run_out(struct strbuf *sb, enum theme t, int style, int x0, int y, int cells,
		    const char *text)
{
	int32_t fg, bg;
	unsigned attr;
	size_t lead = strspn(text, " "), len = strlen(text), trail = 0;

	style_colours(t, style, &fg, &bg, &attr);
	if (bg != page_bg(t))
		strbuf_printf(sb,
			      "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"#%06x\"/>",
			      x0 * CELL_W, y * CELL_H, cells * CELL_W, CELL_H, (unsigned)bg);
	if (lead == len)
		return; /* blanks only */
	while (text[len - 1 - trail] == ' ')
		trail++;
	strbuf_printf(sb,
		      "<text x=\"%d\" y=\"%d\" textLength=\"%d\" lengthAdjust=\"spacingAndGlyphs\" "
		      "fill=\"#%06x\"%s%s%s>",
		      (x0 + (int)lead) * CELL_W, y * CELL_H + BASELINE,
		      (cells - (int)lead - (int)trail) * CELL_W, (unsigned)fg,
		      attr & TA_BOLD ? " font-weight=\"bold\"" : "",
		      attr & TA_UNDERLINE ? " text-decoration=\"underline\"" : "",
		      attr & TA_DIM ? " opacity=\"0.65\"" : "");
	{
		char *mid = xmalloc(len - lead - trail + 1);

		memcpy(mid, text + lead, len - lead - trail);
		mid[len - lead - trail] = '\0';
		xml_text(sb, mid);
		free(mid);
	}
	strbuf_puts(sb, "</text>");
}

void slides_frame_svg(const struct frame *f, enum theme t, struct strbuf *sb)
{
	struct strbuf run;

	strbuf_init(&run);
	strbuf_printf(
		sb,
		"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 "
		"0 %d %d\" "
		"font-family=\"DejaVu Sans Mono, Menlo, Consolas, monospace\" font-size=\"%d\" "
		"xml:space=\"preserve\">\n"
		"<rect width=\"100%%\" height=\"100%%\" fill=\"#%06x\"/>\n",
		f->w * CELL_W, f->h * CELL_H, f->w * CELL_W, f->h * CELL_H, FONT_PX,
		(unsigned)page_bg(t));
	for (int y = 0; y < f->h; y++) {
		int x0 = 0, cells = 0, style = -1;

		run.len = 0;
		if (run.buf)
			run.buf[0] = '\0';
		for (int x = 0; x <= f->w; x++) {
			const struct cell *c = x < f->w ? frame_at_c(f, x, y) : NULL;

			if (c && !c->g[0]) { /* right half of a wide glyph: the run's width */
				cells++;
				continue;
			}
			if (!c || c->style != style) {
				if (cells)
					run_out(sb, t, style, x0, y, cells, run.buf ? run.buf : "");
				if (!c)
					break;
				x0 = x;
				cells = 0;
				style = c->style;
				run.len = 0;
				if (run.buf)
					run.buf[0] = '\0';
			}
			strbuf_puts(&run, c->g);
			cells++;
		}
		strbuf_puts(sb, "\n");
	}
	strbuf_puts(sb, "</svg>\n");
	strbuf_release(&run);
}

void slides_html(const char *title, const char *const *svgs, const char *const *captions, size_t n,
		 enum theme t, struct strbuf *sb)
{
	strbuf_puts(
		sb,
		"<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>");
	xml_text(sb, title);
	strbuf_printf(sb,
		      "</title>\n<style>\n"
		      "html, body { margin: 0; height: 100%%; background: #%06x; color: #%06x;"
		      " font-family: sans-serif; }\n"
		      "main { height: calc(100%% - 2.5em); display: flex; align-items: center; "
		      "justify-content: center; }\n"
		      ".slide { display: none; width: 100%%; height: 100%%; }\n"
		      ".slide.on { display: flex; align-items: center; justify-content: center; }\n"
		      ".slide svg { max-width: 100%%; max-height: 100%%; height: auto; }\n"
		      "footer { height: 2.5em; line-height: 2.5em; text-align: center; font-size: "
		      "0.9em; }\n"
		      "</style>\n</head>\n<body>\n<main>\n",
		      (unsigned)page_bg(t), (unsigned)page_fg(t));
	for (size_t i = 0; i < n; i++) {
		strbuf_printf(sb, "<section class=\"slide%s\" id=\"s%zu\" data-caption=\"",
			      i == 0 ? " on" : "", i + 1);
		xml_text(sb, captions[i] ? captions[i] : "");
		strbuf_puts(sb, "\">\n");
		strbuf_puts(sb, svgs[i]);
		strbuf_puts(sb, "</section>\n");
	}
	strbuf_puts(sb, "</main>\n<footer id=\"where\"></footer>\n<script>\n"
			"\"use strict\";\n"
			"(function () {\n"
			"\tvar slides = document.querySelectorAll(\".slide\"), cur = 0;\n"
			"\tfunction show(i) {\n"
			"\t\tif (i < 0 || i >= slides.length) return;\n"
			"\t\tslides[cur].classList.remove(\"on\");\n"
			"\t\tcur = i;\n"
			"\t\tslides[cur].classList.add(\"on\");\n"
			"\t\tdocument.getElementById(\"where\").textContent = (cur + 1) + \" / \" "
			"+ slides.length +\n"
			"\t\t\t\"  \\u00b7  \" + slides[cur].getAttribute(\"data-caption\") +\n"
			"\t\t\t\"  \\u00b7  \\u2190 \\u2192 PgUp PgDn Space Home End\";\n"
			"\t\tif (location.hash !== \"#\" + (cur + 1)) history.replaceState(null, "
			"\"\", \"#\" + (cur + 1));\n"
			"\t}\n"
			"\tdocument.addEventListener(\"keydown\", function (e) {\n"
			"\t\tvar k = e.key;\n"
			"\t\tif (k === \"ArrowRight\" || k === \"PageDown\" || k === \" \" || k "
			"=== \"ArrowDown\") show(cur + 1);\n"
			"\t\telse if (k === \"ArrowLeft\" || k === \"PageUp\" || k === "
			"\"Backspace\" || k === \"ArrowUp\") "
			"show(cur - 1);\n"
			"\t\telse if (k === \"Home\") show(0);\n"
			"\t\telse if (k === \"End\") show(slides.length - 1);\n"
			"\t\telse return;\n"
			"\t\te.preventDefault();\n"
			"\t});\n"
			"\tdocument.addEventListener(\"click\", function () { show(cur + 1); });\n"
			"\tvar h = parseInt(location.hash.slice(1), 10);\n"
			"\tshow(h >= 1 && h <= slides.length ? h - 1 : 0);\n"
			"})();\n"
			"</script>\n</body>\n</html>\n");
}
