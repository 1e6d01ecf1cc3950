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

/* Starts curses on the controlling terminal (stdin/stdout). false if it cannot. */
bool term_start(bool mouse);
void term_stop(void); /* safe to call twice, and from the fatal hook */
bool term_has_colour(void); /* false under NO_COLOR or on a terminal without colours */
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
