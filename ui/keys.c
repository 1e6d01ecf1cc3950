/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * keys: see keys.h. A table of (key, char, action, modes) rows; the first row that
 * matches wins. Presenter mode adds Enter = next and drops q (a clicker or a stray
 * key must never end a talk).
 */
#include "keys.h"

enum { M_VIEW = 1, M_PRES = 2, M_ALL = 3 };

struct binding {
	enum ui_key k;
	int ch;
	enum action a;
	unsigned modes;
};

static const struct binding bindings[] = {
	{ UK_CHAR, ' ', ACT_NEXT, M_ALL },
	{ UK_RIGHT, 0, ACT_NEXT, M_ALL },
	{ UK_DOWN, 0, ACT_NEXT, M_ALL },
	{ UK_PGDN, 0, ACT_NEXT, M_ALL },
	{ UK_CHAR, 'l', ACT_NEXT, M_ALL },
	{ UK_WHEEL_DOWN, 0, ACT_NEXT, M_ALL },
	{ UK_ENTER, 0, ACT_NEXT, M_PRES },
	{ UK_LEFT, 0, ACT_PREV, M_ALL },
	{ UK_UP, 0, ACT_PREV, M_ALL },
	{ UK_PGUP, 0, ACT_PREV, M_ALL },
	{ UK_BACKSPACE, 0, ACT_PREV, M_ALL },
	{ UK_CHAR, 'h', ACT_PREV, M_ALL },
	{ UK_WHEEL_UP, 0, ACT_PREV, M_ALL },
	{ UK_CHAR, ']', ACT_NEXT_STEP, M_ALL },
	{ UK_SRIGHT, 0, ACT_NEXT_STEP, M_ALL },
	{ UK_CHAR, '[', ACT_PREV_STEP, M_ALL },
	{ UK_SLEFT, 0, ACT_PREV_STEP, M_ALL },
	{ UK_HOME, 0, ACT_FIRST, M_ALL },
	{ UK_CHAR, 'g', ACT_GPREFIX, M_ALL }, /* gg, <n>gg: ui/tui.c */
	{ UK_END, 0, ACT_LAST, M_ALL },
	{ UK_CHAR, 'G', ACT_LAST, M_ALL }, /* <n>G = ACT_GOTO: ui/tui.c */
	{ UK_CHAR, '/', ACT_SEARCH, M_ALL },
	{ UK_CHAR, 'n', ACT_SEARCH_NEXT, M_ALL },
	{ UK_CHAR, 'N', ACT_SEARCH_PREV, M_ALL },
	{ UK_CHAR, 'f', ACT_FILTER, M_ALL },
	{ UK_CHAR, 'z', ACT_ZOOM, M_VIEW },
	{ UK_ENTER, 0, ACT_INSPECT, M_VIEW },
	{ UK_CHAR, 'P', ACT_PLAY, M_ALL },
	{ UK_CHAR, 'p', ACT_PLAY, M_ALL },
	{ UK_CHAR, '+', ACT_FASTER, M_ALL },
	{ UK_CHAR, '=', ACT_FASTER, M_ALL },
	{ UK_CHAR, '-', ACT_SLOWER, M_ALL },
	{ UK_CHAR, 'R', ACT_RESET, M_ALL },
	{ UK_F5, 0, ACT_PRESENT, M_ALL },
	{ UK_ESC, 0, ACT_LEAVE, M_ALL },
	{ UK_CHAR, '.', ACT_BLANK, M_ALL },
	{ UK_CHAR, 'b', ACT_BLANK, M_ALL },
	{ UK_CHAR, 't', ACT_THEME, M_ALL },
	{ UK_CHAR, 'T', ACT_THEME_CYCLE, M_ALL },
	{ UK_TAB, 0, ACT_HOST_NEXT, M_ALL },
	{ UK_BTAB, 0, ACT_HOST_PREV, M_ALL },
	{ UK_CHAR, ':', ACT_CONSOLE, M_VIEW },
	{ UK_CHAR, 'o', ACT_PANE, M_VIEW },
	{ UK_CHAR, '?', ACT_HELP, M_ALL },
	{ UK_F1, 0, ACT_HELP, M_ALL },
	{ UK_CTRL_L, 0, ACT_REDRAW, M_ALL },
	{ UK_CHAR, 'q', ACT_QUIT, M_VIEW },
	{ UK_F10, 0, ACT_QUIT, M_VIEW },
};

enum action keys_action(const struct ui_keyev *ev, bool presenter)
{
	unsigned mode = presenter ? M_PRES : M_VIEW;

	for (size_t i = 0; i < sizeof(bindings) / sizeof(bindings[0]); i++) {
		const struct binding *b = &bindings[i];

		if (b->k != ev->k || !(b->modes & mode))
			continue;
		if (b->k == UK_CHAR && b->ch != ev->ch)
			continue;
		return b->a;
	}
	return ACT_NONE;
}

#define X_HELP(id, keys, help) { keys, help },
static const struct key_help help_table[] = { ACTION_LIST(X_HELP) };
#undef X_HELP

const struct key_help *keys_help(size_t *n)
{
	static struct key_help rows[sizeof(help_table) / sizeof(help_table[0])];
	static size_t nrows;

	if (!nrows) /* the table without ACT_NONE and the rows folded into the one before */
		for (size_t i = 1; i < sizeof(help_table) / sizeof(help_table[0]); i++)
			if (help_table[i].help[0])
				rows[nrows++] = help_table[i];
	*n = nrows;
	return rows;
}
