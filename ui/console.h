/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * console: the TUI's command line (docs/architecture.md, "The TUI"). `:` focuses it; a line runs
 * through cmd_exec() on the model at the current event (session_console_exec), its
 * output and errors go to the output pane exactly as the tools print them, and a
 * successful change of the network becomes part of the session's timeline right
 * there, so the next packets are simulated under it. Line editing, history and the
 * completion keys are GNU readline's (ui/rl.c); this module holds what is ours: the
 * console's current host, the pane, console verbs (save, export, host, clear, exit,
 * help), which commands only read, and the completion candidates.
 *
 * Console verbs:  save FILE           the timeline as a scene file (atomic write)
 *                 export trace FILE   the trace as `pktpath trace` prints it
 *                 host [NAME]         list hosts / run later lines on NAME
 *                 clear, help, exit   (Ctrl-D on an empty line = exit)
 */
#ifndef PKTPATH_CONSOLE_H
#define PKTPATH_CONSOLE_H

#include <stdbool.h>
#include <stddef.h>

#include "keys.h"
#include "session.h"
#include "view.h"

struct console {
	struct session *s; /* borrowed */
	int *cur;	   /* the TUI's cursor: console edits move it to what they did */
	bool focused, pane, started;
	char host[64]; /* the host unprefixed lines run on; "" = the scene's default */
	char prompt[80];
	char **out;	     /* pane lines (owned) */
	unsigned char *kind; /* enum con_kind per line */
	size_t nout, out_cap, kind_cap;
	int scroll;
	char **cands; /* completion popup (owned), NULL when closed */
	size_t ncands;
	char *hist_path; /* NULL if there is no place for it */
	bool hist_warned;
	bool changed;  /* the timeline changed (the TUI re-reads the trace) */
	char msg[120]; /* for the status line, "" if none */
	struct console_view cv;
};

void console_init(struct console *c, struct session *s, int *cur);
void console_release(struct console *c);
/* Gives the console the keyboard; host_hint is the host of the current event, used
 * until `host NAME` picks one. false if readline could not start. */
bool console_focus(struct console *c, const char *host_hint, int cols, int rows);
void console_unfocus(struct console *c);
/* A key while focused that is not one of the TUI's ★ keys. meta: it came right after
 * Esc (Alt-key). */
void console_key(struct console *c, const struct ui_keyev *k, bool meta);
/* Esc: ends a Ctrl-R search or closes the popup (true), else false (leave the console). */
bool console_escape(struct console *c);
void console_resize(struct console *c, int cols, int rows);
/* Scrolls the pane back (lines > 0) or forward; page: the lines the pane shows. */
void console_scroll(struct console *c, int lines, int page);
/* Runs one line as if typed (also what Enter does). */
void console_run(struct console *c, const char *line);
/* The lesson menu (key L): the numbered list in the pane, the line set to "open " so a
 * number and Enter open one. The console must be focused. */
void console_lessons_menu(struct console *c);
/* Fills c->cv for the render and returns it. */
const struct console_view *console_view(struct console *c);

/* Completion candidates for the word [start, end) of line, on the model at the cursor;
 * malloc'd strings in a malloc'd array. -1: complete file names instead. */
int console_complete(struct console *c, const char *line, int start, int end, char ***cands,
		     size_t *n);
/* $XDG_STATE_HOME/pktpath/history (default ~/.local/state/pktpath/history), malloc'd,
 * or NULL when neither variable gives an absolute directory. */
char *console_history_path(void);

#endif
