/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * tui-int: the state of the interactive front end and what tui.c (the curses loop)
 * and linear.c (--linear: lines on stdout, no curses) share of it.
 */
#ifndef PKTPATH_TUI_INT_H
#define PKTPATH_TUI_INT_H

#include <stdbool.h>

#include "console.h"
#include "keys.h"
#include "play.h"
#include "session.h"
#include "tui.h"
#include "view.h"

struct tui {
	struct session *s;
	struct view v;
	struct render_hits hits;
	struct console con;
	char msg[160];
	bool quit;
	/* <n>G, <n>gg: the count typed so far, and a pending g */
	int count;
	bool gpend;
	/* `/`: the pattern being typed (live), where the cursor was, the committed one */
	bool searching;
	char pat[64];
	int search_origin;
	char search[64];
	char prompt[160];
	int filter_i; /* index of the filter preset (f) */
	/* --linear: no curses; each change is printed as a line */
	bool linear, utf8;
	int exit_after;		 /* --exit-after N: events to show, then quit (0 = off) */
	struct play_clock clock; /* play mode: when the next event is due, the token's travel */
	int shown;		 /* events shown so far (for --exit-after) */
	bool beat_set;		 /* --beat or B chose the beat: presenter mode keeps it */
};

int tui_nevents(const struct tui *ui);
/* Moves the cursor to event ev (clamped), as every motion key does. */
void tui_go(struct tui *ui, int ev);
/* The next event from `from` in direction dir that the filter lets through. */
int tui_next_vis(const struct tui *ui, int from, int dir);
/* `/`: the next match of the committed pattern; Enter commits the typed one. */
void tui_search_next(struct tui *ui, int dir);
void tui_search_commit(struct tui *ui);
const char *tui_pane_name(enum pane p);
/* A key in the view (not the console): its action. */
void tui_view_key(struct tui *ui, const struct ui_keyev *k);
/* The prompt line for the mode the view is in (search, count). */
void tui_make_prompt(struct tui *ui);
void tui_setup(struct tui *ui, struct session *s, const struct tui_opts *o);
/* --linear (linear.c) */
int tui_linear_loop(struct session *s, const struct tui_opts *o);

#endif
