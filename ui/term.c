/*
 * term: the only module that talks to curses. It starts and ends the screen, maps the
 * style ids of ui/frame.h to colour pairs and attributes for the current theme, blits
 * a struct frame (one pass, wnoutrefresh + doupdate), and translates curses key codes
 * into struct ui_keyev so that key handling never sees curses (STYLE.md 2.7).
 *
 * Colour: NO_COLOR (any value) or a terminal without colours gives attributes only
 * (bold, underline, reverse), whatever the theme; the mono theme does the same on
 * purpose. Nothing means something by colour alone: the render puts tags and words in.
 */
#include "term.h"

#include <curses.h>
#include <stdlib.h>
#include <string.h>

struct style_def {
	short fg, bg;
	attr_t attr; /* with colour */
	attr_t mono; /* without colour */
};

#define D -1 /* the terminal's default colour */

/* dark: the terminal's own background, colours for meaning */
static const struct style_def theme_dark[ST__COUNT] = {
	[ST_NORMAL] = { D, D, 0, 0 },
	[ST_DIM] = { D, D, A_DIM, A_DIM },
	[ST_BORDER] = { COLOR_CYAN, D, 0, 0 },
	[ST_TITLE] = { COLOR_CYAN, D, A_BOLD, A_BOLD },
	[ST_SELECTED] = { COLOR_YELLOW, D, A_BOLD, A_BOLD },
	[ST_CURRENT] = { COLOR_BLACK, COLOR_YELLOW, 0, A_REVERSE },
	[ST_CHANGED] = { COLOR_MAGENTA, D, A_BOLD | A_UNDERLINE, A_BOLD | A_UNDERLINE },
	[ST_STATUS] = { COLOR_BLACK, COLOR_CYAN, 0, A_REVERSE },
	[ST_KEY] = { COLOR_YELLOW, D, A_BOLD, A_BOLD },
	[ST_PACKET] = { COLOR_BLACK, COLOR_GREEN, A_BOLD, A_REVERSE | A_BOLD },
	[ST_MATCH] = { COLOR_BLACK, COLOR_GREEN, 0, A_REVERSE },
	[ST_GOOD] = { COLOR_GREEN, D, A_BOLD, A_BOLD },
	[ST_BAD] = { COLOR_RED, D, A_BOLD, A_BOLD },
	[ST_CAPTION] = { COLOR_WHITE, D, A_BOLD, A_BOLD },
	[ST_O_NONE] = { D, D, A_DIM, A_DIM },
	[ST_O_APP] = { COLOR_MAGENTA, D, A_BOLD, A_BOLD },
	[ST_O_SOCKET] = { COLOR_BLUE, D, A_BOLD, A_BOLD },
	[ST_O_ROUTE] = { COLOR_GREEN, D, A_BOLD, A_BOLD },
	[ST_O_ADDR_SELECT] = { COLOR_CYAN, D, A_BOLD, A_BOLD },
	[ST_O_INCOMING] = { COLOR_YELLOW, D, 0, 0 },
	[ST_O_NAT] = { COLOR_RED, D, A_BOLD, A_BOLD },
	[ST_O_CONNTRACK] = { COLOR_RED, D, 0, 0 },
	[ST_O_KERNEL] = { COLOR_WHITE, D, 0, 0 },
	[ST_O_NEIGH] = { COLOR_CYAN, D, 0, 0 },
};

/* light / projector: black on white, bold, no A_DIM, no blue-on-black (ux-anchors c6) */
static const struct style_def theme_light[ST__COUNT] = {
	[ST_NORMAL] = { COLOR_BLACK, COLOR_WHITE, 0, 0 },
	[ST_DIM] = { COLOR_BLACK, COLOR_WHITE, 0, 0 },
	[ST_BORDER] = { COLOR_BLUE, COLOR_WHITE, A_BOLD, 0 },
	[ST_TITLE] = { COLOR_BLUE, COLOR_WHITE, A_BOLD, A_BOLD },
	[ST_SELECTED] = { COLOR_RED, COLOR_WHITE, A_BOLD, A_BOLD },
	[ST_CURRENT] = { COLOR_WHITE, COLOR_BLUE, A_BOLD, A_REVERSE },
	[ST_CHANGED] = { COLOR_RED, COLOR_WHITE, A_BOLD | A_UNDERLINE, A_BOLD | A_UNDERLINE },
	[ST_STATUS] = { COLOR_WHITE, COLOR_BLACK, A_BOLD, A_REVERSE },
	[ST_KEY] = { COLOR_BLUE, COLOR_WHITE, A_BOLD, A_BOLD },
	[ST_PACKET] = { COLOR_WHITE, COLOR_GREEN, A_BOLD, A_REVERSE | A_BOLD },
	[ST_MATCH] = { COLOR_BLACK, COLOR_GREEN, A_BOLD, A_REVERSE },
	[ST_GOOD] = { COLOR_GREEN, COLOR_WHITE, A_BOLD, A_BOLD },
	[ST_BAD] = { COLOR_RED, COLOR_WHITE, A_BOLD, A_BOLD },
	[ST_CAPTION] = { COLOR_BLACK, COLOR_WHITE, A_BOLD, A_BOLD },
	[ST_O_NONE] = { COLOR_BLACK, COLOR_WHITE, 0, 0 },
	[ST_O_APP] = { COLOR_MAGENTA, COLOR_WHITE, A_BOLD, A_BOLD },
	[ST_O_SOCKET] = { COLOR_BLUE, COLOR_WHITE, A_BOLD, A_BOLD },
	[ST_O_ROUTE] = { COLOR_GREEN, COLOR_WHITE, A_BOLD, A_BOLD },
	[ST_O_ADDR_SELECT] = { COLOR_CYAN, COLOR_WHITE, A_BOLD, A_BOLD },
	[ST_O_INCOMING] = { COLOR_YELLOW, COLOR_BLACK, A_BOLD, A_BOLD },
	[ST_O_NAT] = { COLOR_RED, COLOR_WHITE, A_BOLD, A_BOLD },
	[ST_O_CONNTRACK] = { COLOR_RED, COLOR_WHITE, 0, 0 },
	[ST_O_KERNEL] = { COLOR_BLACK, COLOR_WHITE, A_BOLD, 0 },
	[ST_O_NEIGH] = { COLOR_CYAN, COLOR_WHITE, A_BOLD, 0 },
};

/* high contrast / projector-dark: white and yellow on black, bold everywhere */
static const struct style_def theme_contrast[ST__COUNT] = {
	[ST_NORMAL] = { COLOR_WHITE, COLOR_BLACK, A_BOLD, 0 },
	[ST_DIM] = { COLOR_WHITE, COLOR_BLACK, 0, 0 },
	[ST_BORDER] = { COLOR_WHITE, COLOR_BLACK, A_BOLD, 0 },
	[ST_TITLE] = { COLOR_YELLOW, COLOR_BLACK, A_BOLD, A_BOLD },
	[ST_SELECTED] = { COLOR_YELLOW, COLOR_BLACK, A_BOLD, A_BOLD },
	[ST_CURRENT] = { COLOR_BLACK, COLOR_YELLOW, A_BOLD, A_REVERSE },
	[ST_CHANGED] = { COLOR_YELLOW, COLOR_BLACK, A_BOLD | A_UNDERLINE, A_BOLD | A_UNDERLINE },
	[ST_STATUS] = { COLOR_BLACK, COLOR_WHITE, A_BOLD, A_REVERSE },
	[ST_KEY] = { COLOR_YELLOW, COLOR_BLACK, A_BOLD, A_BOLD },
	[ST_PACKET] = { COLOR_BLACK, COLOR_YELLOW, A_BOLD, A_REVERSE | A_BOLD },
	[ST_MATCH] = { COLOR_BLACK, COLOR_WHITE, A_BOLD, A_REVERSE },
	[ST_GOOD] = { COLOR_GREEN, COLOR_BLACK, A_BOLD, A_BOLD },
	[ST_BAD] = { COLOR_RED, COLOR_BLACK, A_BOLD, A_BOLD },
	[ST_CAPTION] = { COLOR_YELLOW, COLOR_BLACK, A_BOLD, A_BOLD },
	[ST_O_NONE] = { COLOR_WHITE, COLOR_BLACK, 0, 0 },
	[ST_O_APP] = { COLOR_MAGENTA, COLOR_BLACK, A_BOLD, A_BOLD },
	[ST_O_SOCKET] = { COLOR_CYAN, COLOR_BLACK, A_BOLD, A_BOLD },
	[ST_O_ROUTE] = { COLOR_GREEN, COLOR_BLACK, A_BOLD, A_BOLD },
	[ST_O_ADDR_SELECT] = { COLOR_CYAN, COLOR_BLACK, A_BOLD | A_UNDERLINE, A_BOLD },
	[ST_O_INCOMING] = { COLOR_YELLOW, COLOR_BLACK, A_BOLD, A_BOLD },
	[ST_O_NAT] = { COLOR_RED, COLOR_BLACK, A_BOLD, A_BOLD },
	[ST_O_CONNTRACK] = { COLOR_RED, COLOR_BLACK, A_BOLD | A_UNDERLINE, A_BOLD },
	[ST_O_KERNEL] = { COLOR_WHITE, COLOR_BLACK, A_BOLD, A_BOLD },
	[ST_O_NEIGH] = { COLOR_GREEN, COLOR_BLACK, A_BOLD | A_UNDERLINE, A_BOLD },
};

static bool use_colour;
static int cursor_x = -1, cursor_y = -1;
static const struct style_def *cur_theme = theme_dark;
static bool started;
static bool mono_mode = true;

bool term_start(bool mouse)
{
	const char *nc = getenv("NO_COLOR");

	if (!newterm(NULL, stdout, stdin))
		return false;
	started = true;
	cbreak();
	noecho();
	nonl();
	intrflush(stdscr, FALSE);
	keypad(stdscr, TRUE);
	nodelay(stdscr, TRUE);
	set_escdelay(25);
	curs_set(0);
	use_colour = has_colors() && !(nc && *nc);
	if (use_colour) {
		start_color();
		use_default_colors();
	}
	if (mouse)
		mousemask(BUTTON1_CLICKED | BUTTON1_PRESSED | BUTTON4_PRESSED | BUTTON5_PRESSED, NULL);
	return true;
}

void term_stop(void)
{
	if (!started)
		return;
	started = false;
	endwin();
}

bool term_has_colour(void)
{
	return use_colour;
}

void term_set_theme(enum theme t)
{
	cur_theme = t == THEME_LIGHT ? theme_light : t == THEME_CONTRAST ? theme_contrast : theme_dark;
	mono_mode = !use_colour || t == THEME_MONO;
	if (mono_mode)
		return; /* attributes only: each style's .mono */
	for (int i = 0; i < ST__COUNT; i++)
		init_pair((short)(i + 1), cur_theme[i].fg, cur_theme[i].bg);
	/* the background of cells curses clears itself */
	bkgdset(COLOR_PAIR(1) | ' ');
}

void term_size(int *w, int *h)
{
	getmaxyx(stdscr, *h, *w);
}

void term_blit(const struct frame *f)
{
	int tw, th;

	getmaxyx(stdscr, th, tw);
	for (int y = 0; y < f->h && y < th; y++) {
		for (int x = 0; x < f->w && x < tw; x++) {
			const struct cell *c = frame_at_c(f, x, y);
			const struct style_def *sd = &cur_theme[c->style];
			attr_t a = mono_mode ? sd->mono : sd->attr;
			short pair = mono_mode ? 0 : (short)(c->style + 1);

			if (!c->g[0])
				continue; /* right half of a wide glyph */
			if (x == tw - 1 && y == th - 1)
				continue; /* writing the last cell would scroll on some terminals */
			wattr_set(stdscr, a, pair, NULL);
			mvwaddstr(stdscr, y, x, c->g);
		}
	}
	wattr_set(stdscr, 0, 0, NULL);
	if (cursor_x >= 0 && cursor_x < tw && cursor_y >= 0 && cursor_y < th) {
		wmove(stdscr, cursor_y, cursor_x);
		/* 1, not 2: cvvis of screen/tmux terminfo (\E[34l) does not undo civis */
		curs_set(1);
	} else {
		curs_set(0);
	}
	wnoutrefresh(stdscr);
	doupdate();
}

void term_set_cursor(int x, int y)
{
	cursor_x = x;
	cursor_y = y;
}

void term_set_raw(bool on)
{
	if (!started)
		return;
	if (on)
		raw();
	else
		cbreak();
}

void term_force_redraw(void)
{
	clearok(curscr, TRUE);
}

/* One key event from curses, or false when there is none right now. */
bool term_read_key(struct ui_keyev *ev)
{
	wint_t ch;
	int r = wget_wch(stdscr, &ch);

	memset(ev, 0, sizeof(*ev));
	if (r == ERR)
		return false;
	if (r == KEY_CODE_YES) {
		switch (ch) {
		case KEY_UP: ev->k = UK_UP; break;
		case KEY_DOWN: ev->k = UK_DOWN; break;
		case KEY_LEFT: ev->k = UK_LEFT; break;
		case KEY_RIGHT: ev->k = UK_RIGHT; break;
		case KEY_SLEFT: ev->k = UK_SLEFT; break;
		case KEY_SRIGHT: ev->k = UK_SRIGHT; break;
		case KEY_PPAGE: ev->k = UK_PGUP; break;
		case KEY_NPAGE: ev->k = UK_PGDN; break;
		case KEY_HOME: ev->k = UK_HOME; break;
		case KEY_END: ev->k = UK_END; break;
		case KEY_BACKSPACE: ev->k = UK_BACKSPACE; break;
		case KEY_ENTER: ev->k = UK_ENTER; break;
		case KEY_BTAB: ev->k = UK_BTAB; break;
		case KEY_DC: ev->k = UK_DELETE; break;
		case KEY_SR: ev->k = UK_SUP; break;
		case KEY_SF: ev->k = UK_SDOWN; break;
		case KEY_RESIZE: ev->k = UK_RESIZE; break;
		case KEY_MOUSE: {
			MEVENT me;

			if (getmouse(&me) != OK)
				return true; /* UK_NONE */
			if (me.bstate & BUTTON4_PRESSED)
				ev->k = UK_WHEEL_UP;
			else if (me.bstate & BUTTON5_PRESSED)
				ev->k = UK_WHEEL_DOWN;
			else if (me.bstate & (BUTTON1_CLICKED | BUTTON1_PRESSED)) {
				ev->k = UK_CLICK;
				ev->x = me.x;
				ev->y = me.y;
			}
			break;
		}
		default:
			if (ch == (wint_t)KEY_F(1))
				ev->k = UK_F1;
			else if (ch == (wint_t)KEY_F(5))
				ev->k = UK_F5;
			else if (ch == (wint_t)KEY_F(10))
				ev->k = UK_F10;
			break;
		}
		return true;
	}
	switch (ch) {
	case 27: ev->k = UK_ESC; break;
	case 8:
	case 127: ev->k = UK_BACKSPACE; break;
	case '\r':
	case '\n': ev->k = UK_ENTER; break;
	case '\t': ev->k = UK_TAB; break;
	case 12: ev->k = UK_CTRL_L; break;
	default:
		ev->k = UK_CHAR;
		ev->ch = (int)ch;
		break;
	}
	return true;
}
