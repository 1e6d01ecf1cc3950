/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * slides: TUI frames as SVG images in a theme's colours, and a self-contained HTML page
 * that shows them one at a time (arrow keys, PgUp/PgDn, Space, Home/End, a click).
 */
#ifndef PKTPATH_SLIDES_H
#define PKTPATH_SLIDES_H

#include "base/util.h"
#include "frame.h"
#include "view.h"

/* One frame as a standalone SVG document: a monospace grid, each run of one style a
 * <text> (and a <rect> where its background is not the page's). */
void slides_frame_svg(const struct frame *f, enum theme t, struct strbuf *sb);

/* The page: title, the SVG documents (each without its XML declaration) and a caption
 * per slide (the step), in the theme's background colour. */
void slides_html(const char *title, const char *const *svgs, const char *const *captions, size_t n,
		 enum theme t, struct strbuf *sb);

#endif
