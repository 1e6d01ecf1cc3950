/*
 * view: everything ui_render() needs to draw one frame, by value or borrowed: the
 * immutable trace, the model state at the current event (replayed, see session.h),
 * the cursor and the display modes. ui_render() is a pure function of the view and
 * the frame size: the same view always gives the same cells, which is what makes
 * stepping back exact and golden frames possible.
 */
#ifndef PKTPATH_VIEW_H
#define PKTPATH_VIEW_H

#include <stdbool.h>

#include "../src/model.h"
#include "../src/trace.h"
#include "frame.h"

enum theme { THEME_DARK, THEME_LIGHT, THEME_CONTRAST, THEME_MONO, THEME__COUNT };
const char *theme_name(enum theme t);
/* -1 if unknown; accepts dark, light, projector (= light), contrast, high-contrast, mono */
int theme_parse(const char *s);

#define UI_MIN_W 80
#define UI_MIN_H 24

/* Where things landed on screen, for the mouse (filled by ui_render). */
struct render_hits {
	struct rect events; /* event list rows */
	int ev_first; /* event index shown on the first row */
	int cursor_x, cursor_y; /* the console's input point, -1 = no visible cursor */
};

/* The console as the render sees it (ui/console.c fills it; readline's display comes
 * from ui/rl.c). Shown at the bottom: the input line while focused, the output pane
 * while focused or toggled, and a popup of completion candidates. */
enum con_kind { CON_ECHO, CON_OUT, CON_ERR, CON_INFO };
struct console_view {
	bool focused; /* the input line has the keyboard */
	bool pane; /* output pane toggled on (also shown while focused, when not empty) */
	const char *input; /* prompt + line as readline shows it */
	int prompt_cols, cursor_col; /* display columns in input */
	const char *const *out; /* output pane lines, oldest first */
	const unsigned char *out_kind; /* enum con_kind per line */
	size_t nout;
	int scroll; /* lines scrolled back from the newest */
	const char *const *cands; /* completion popup, NULL when closed */
	size_t ncands;
	const unsigned char *ev_console; /* per trace event: made by a console line, or NULL */
};

struct view {
	const struct trace *t;
	struct sim *sim; /* model state at the current event; lookups mark routes accessed */
	const char *title;
	int cur; /* current event, -1 = none */
	int sel_host; /* index into sim->hosts for the route table, -1 = current event's */
	bool presenter, blank, help;
	bool playing;
	int speed; /* play speed level 1..5 */
	enum theme theme;
	const char *msg; /* transient message for the status line, or NULL */
	const struct console_view *con; /* NULL: no console */
	struct render_hits *hits; /* optional */
};

void ui_render(struct frame *f, const struct view *v);

/* Helpers shared with the TUI loop */
int view_step_of(const struct trace *t, int ev); /* index into t->steps, -1 if none */
int view_console_pane_lines(int h); /* output lines the console pane shows at height h */

#endif
