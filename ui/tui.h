/*
 * tui: entry points for main(): the interactive TUI (`pktpath [SCENE]`) and one
 * frame as text (`pktpath render`). Both return the process exit status.
 */
#ifndef PKTPATH_TUI_H
#define PKTPATH_TUI_H

#include <stdbool.h>

#include "view.h"

struct tui_opts {
	enum theme theme;
	bool mouse;
	bool ascii;
	bool presenter;
};

/* argv[0] is the program; then [SCENE] [--no-mouse] [--ascii] [--theme T] [--presenter] */
int tui_main(int argc, char **argv);
/* argv[1] is "render"; then [SCENE] [--step N] [--event N] [--size WxH] [--theme T] [--ascii] [--presenter] */
int render_main(int argc, char **argv);

#endif
