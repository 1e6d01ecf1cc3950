/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * term: the curses side of the TUI (the only user of curses in pktpath besides the
 * readline bridge): start/stop, themes, blit a frame, read keys. See term.c.
 */
#ifndef PKTPATH_TERM_H
#define PKTPATH_TERM_H

#include <stdbool.h>

#include "frame.h"
#include "keys.h"
#include "view.h"

/* --color (docs/architecture.md, "The TUI"). auto: NO_COLOR set (non-empty) gives attributes only;
 * else truecolor when COLORTERM is truecolor|24bit and the terminal can (a terminfo
 * with RGB; TERM-direct is tried), else 256 when COLORS >= 256, else 16 or 8, else
 * none. An explicit mode wins over NO_COLOR but never exceeds what terminfo offers. */
enum colour_mode { COLOUR_AUTO, COLOUR_NEVER, COLOUR_16, COLOUR_256, COLOUR_TRUE };
int colour_mode_parse(const char *s); /* auto never 16 256 truecolor (also 24bit, none); -1 */
void term_set_colour_mode(enum colour_mode m); /* before term_start() */

/* Starts curses on the controlling terminal (stdin/stdout). false if it cannot. */
bool term_start(bool mouse);
void term_stop(void);		    /* safe to call twice, and from the fatal hook */
bool term_has_colour(void);	    /* false under NO_COLOR or on a terminal without colours */
const char *term_colour_desc(void); /* "256 colours", "no colour (NO_COLOR)", … */
void term_set_theme(enum theme t);
void term_size(int *w, int *h);
void term_blit(const struct frame *f);
void term_force_redraw(void);
/* Where term_blit() leaves the visible cursor (the console's input point); x < 0 hides
 * it. */
void term_set_cursor(int x, int y);
/* raw() while the console has focus, so Ctrl-C, Ctrl-Z, Ctrl-S and Ctrl-Q reach the
 * line editor as keys; cbreak() otherwise. */
void term_set_raw(bool on);
bool term_read_key(struct ui_keyev *ev);

#endif
