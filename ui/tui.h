/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * tui: entry points for main(): the interactive TUI (`pktpath [SCENE]`) and one
 * frame as text (`pktpath render`). Both return the process exit status.
 */
#ifndef PKTPATH_TUI_H
#define PKTPATH_TUI_H

#include <stdbool.h>

#include "term.h"
#include "view.h"

struct tui_opts {
	enum theme theme;
	bool mouse;
	bool ascii;
	bool presenter;
	bool linear; /* --linear (also TERM=dumb, or stdin/stdout not a terminal) */
	bool utf8;   /* the user's locale is UTF-8 (--linear writes → rather than ->) */
	enum colour_mode colour;
	enum lang lang;
	int exit_after; /* --exit-after N: show N events, then exit 0 (0 = off) */
	enum beat beat; /* --beat event|hop|step … */
	bool beat_set;	/* … given (else event, hop in presenter mode) */
	int speed;	/* play speed 1-5 */
	char note[600]; /* shown on the status line at start (a bad config line) */
};

/* argv[0] is the program; then [SCENE] [--no-mouse] [--ascii] [--theme T] [--presenter]
 * [--linear] [--color auto|never|16|256|truecolor] [--lang en|ru] [--beat event|hop|step]
 * [--exit-after N] */
int tui_main(int argc, char **argv);

#endif
