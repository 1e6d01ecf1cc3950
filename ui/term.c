/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * term: the only module that talks to curses. It starts and ends the screen, maps the
 * style ids of ui/frame.h to colour pairs and attributes for the current theme, blits
 * a struct frame (one pass, wnoutrefresh + doupdate), and translates curses key codes
 * into struct ui_keyev so that key handling never sees curses (only ui/term.c talks to curses).
 *
 * Colour: --color and the detection of term.h pick a level (none, 8, 16, 256,
 * truecolor); every theme colour carries a value for each level. NO_COLOR (non-empty)
 * or a terminal without colours gives attributes only (bold, underline, reverse, no
 * dim), whatever the theme; the mono theme does the same on purpose. Nothing means
 * something by colour alone: the render puts tags and words in.
 */
#include "term.h"

#include "theme.h"

#include <curses.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <term.h>
#include <signal.h>
#include <termios.h>
#include <unistd.h>

#define LEVEL_TRUE (1 << 24)

static enum colour_mode want_mode = COLOUR_AUTO;
static int level; /* 0 (attributes only), 8, 16, 256 or LEVEL_TRUE */
static char level_desc[128] = "no colour";
static bool use_colour;
static int cursor_x = -1, cursor_y = -1;
static const struct theme_style *cur_theme;
static bool started;
static bool mono_mode = true;

int colour_mode_parse(const char *s)
{
	static const struct {
		const char *name;
		enum colour_mode m;
	} names[] = { { "auto", COLOUR_AUTO },	{ "never", COLOUR_NEVER },
		      { "none", COLOUR_NEVER }, { "no", COLOUR_NEVER },
		      { "16", COLOUR_16 },	{ "8", COLOUR_16 },
		      { "256", COLOUR_256 },	{ "truecolor", COLOUR_TRUE },
		      { "24bit", COLOUR_TRUE }, { "always", COLOUR_AUTO } };

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp(s, names[i].name) == 0)
			return (int)names[i].m;
	return -1;
}

void term_set_colour_mode(enum colour_mode m)
{
	want_mode = m;
}

const char *term_colour_desc(void)
{
	return level_desc;
}

static bool env_truecolor(void)
{
	const char *ct = getenv("COLORTERM");

	return ct && (strcmp(ct, "truecolor") == 0 || strcmp(ct, "24bit") == 0);
}

/* Truecolor through curses needs a terminfo entry with RGB (xterm-direct…): for
 * TERM=foo-256color try foo-direct. NULL when there is none. */
static SCREEN *newterm_direct(void)
{
	const char *t = getenv("TERM");
	char name[128];
	size_t n;

	if (!t || !*t || strstr(t, "direct") || strlen(t) >= sizeof(name) - 8)
		return NULL;
	snprintf(name, sizeof(name), "%s", t);
	n = strlen(name);
	if (n > 9 && strcmp(name + n - 9, "-256color") == 0)
		name[n - 9] = '\0';
	else if (n > 8 && strcmp(name + n - 8, "-16color") == 0)
		name[n - 8] = '\0';
	snprintf(name + strlen(name), sizeof(name) - strlen(name), "-direct");
	return newterm(name, stdout, stdin);
}

static void pick_level(void)
{
	const char *nc = getenv("NO_COLOR");
	int can, colors = tigetnum("colors"); /* COLORS is only set by start_color() */

	level = 0;
	if (want_mode == COLOUR_NEVER) {
		snprintf(level_desc, sizeof(level_desc), "no colour: --color=never");
		return;
	}
	if (want_mode == COLOUR_AUTO && nc && *nc) {
		snprintf(level_desc, sizeof(level_desc), "no colour: NO_COLOR is set");
		return;
	}
	if (!has_colors()) {
		snprintf(level_desc, sizeof(level_desc), "no colour: the terminal has none");
		return;
	}
	can = colors >= LEVEL_TRUE || tigetflag("RGB") > 0 ? LEVEL_TRUE
	      : colors >= 256				   ? 256
	      : colors >= 16				   ? 16
	      : colors >= 8				   ? 8
							   : 0;
	switch (want_mode) {
	case COLOUR_16:
		level = can == LEVEL_TRUE ? 8
			: can < 16	  ? can
					  : 16; /* direct terminals: 8 + bold */
		break;
	case COLOUR_256:
		level = can == LEVEL_TRUE ? LEVEL_TRUE : can < 256 ? can : 256;
		break;
	default:
		level = can;
		break;
	}
	if (level == LEVEL_TRUE)
		snprintf(level_desc, sizeof(level_desc), "truecolor");
	else if (level)
		snprintf(level_desc, sizeof(level_desc), "%d colours%s", level,
			 want_mode == COLOUR_TRUE
				 ? ": the terminfo has no RGB, truecolor unavailable"
				 : "");
	else
		snprintf(level_desc, sizeof(level_desc), "no colour: the terminal has none");
}

/* ---- giving the terminal back when a signal ends us ----
 * ncurses restores the terminal itself for SIGINT, SIGTERM and SIGTSTP/SIGCONT (it
 * installs its handlers in newterm() when those are at their defaults); nothing does
 * for SIGHUP and SIGQUIT, so a Ctrl-\ left the alternate screen, a hidden cursor, mouse
 * reporting and -icanon -echo behind. The handler below does what endwin() would, with
 * async-signal-safe calls only: the bytes that leave the alternate screen, show the
 * cursor and stop mouse reporting, prepared at start; the terminal modes saved before
 * curses changed them; then the signal's default action (a core for SIGQUIT). */
static struct termios saved_tio;
static bool have_saved_tio;
static char restore_seq[256];
static size_t restore_len;

static void restore_add(const char *cap)
{
	const char *v = tigetstr(cap);
	size_t n;

	if (!v || v == (char *)-1)
		return;
	n = strlen(v);
	if (restore_len + n < sizeof(restore_seq)) {
		memcpy(restore_seq + restore_len, v, n);
		restore_len += n;
	}
}

static void restore_on_signal(int sig)
{
	if (restore_len)
		(void)!write(STDOUT_FILENO, restore_seq, restore_len);
	if (have_saved_tio)
		tcsetattr(STDIN_FILENO, TCSANOW, &saved_tio);
	signal(sig, SIG_DFL);
	raise(sig);
}

static void restore_prepare(void)
{
	static const char mouse_off[] = "\033[?1006l\033[?1002l\033[?1000l";

	restore_len = 0;
	restore_add("sgr0");
	restore_add("rmkx");
	if (strlen(mouse_off) + restore_len < sizeof(restore_seq)) {
		memcpy(restore_seq + restore_len, mouse_off, strlen(mouse_off));
		restore_len += strlen(mouse_off);
	}
	restore_add("cnorm");
	restore_add("rmcup");
	signal(SIGHUP, restore_on_signal);
	signal(SIGQUIT, restore_on_signal);
}

bool term_start(bool mouse)
{
	SCREEN *sp = NULL;

	have_saved_tio = tcgetattr(STDIN_FILENO, &saved_tio) == 0;

	if (want_mode == COLOUR_TRUE ||
	    (want_mode == COLOUR_AUTO && env_truecolor() && !getenv("NO_COLOR")))
		sp = newterm_direct();
	if (!sp && !newterm(NULL, stdout, stdin))
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
	pick_level();
	use_colour = level > 0;
	if (use_colour) {
		start_color();
		use_default_colors();
	}
	if (mouse)
		mousemask(BUTTON1_CLICKED | BUTTON1_PRESSED | BUTTON4_PRESSED | BUTTON5_PRESSED,
			  NULL);
	restore_prepare();
	return true;
}

void term_stop(void)
{
	if (!started)
		return;
	started = false;
	signal(SIGHUP, SIG_DFL);
	signal(SIGQUIT, SIG_DFL);
	/* keys typed or pasted but not read are ours, not the shell's */
	tcflush(STDIN_FILENO, TCIFLUSH);
	endwin();
}

bool term_has_colour(void)
{
	return use_colour;
}

static attr_t curses_attr(unsigned ta)
{
	return (ta & TA_BOLD ? A_BOLD : 0) | (ta & TA_DIM ? A_DIM : 0) |
	       (ta & TA_UNDERLINE ? A_UNDERLINE : 0) | (ta & TA_REVERSE ? A_REVERSE : 0);
}

static attr_t style_extra[ST__COUNT]; /* bold for bright colours on 8-colour terminals */

static int colour_number(struct theme_col c, bool fg, attr_t *extra)
{
	if (c.rgb < 0)
		return -1;
	switch (level) {
	case LEVEL_TRUE:
		/* direct-colour terminfo: the number is the RGB value; below 8 it would be an
		 * ANSI colour, so near-black stands in for black */
		return c.rgb < 8 ? 8 : c.rgb;
	case 256:
		return c.c256;
	case 16:
		return c.c16;
	default:
		if (c.c16 >= 8) {
			if (fg)
				*extra |= A_BOLD;
			return c.c16 - 8;
		}
		return c.c16;
	}
}

void term_set_theme(enum theme t)
{
	cur_theme = theme_styles(t);
	mono_mode = !use_colour || t == THEME_MONO;
	if (mono_mode)
		return; /* attributes only: each style's .mono */
	for (int i = 0; i < ST__COUNT; i++) {
		attr_t extra = 0;
		int fg = colour_number(cur_theme[i].fg, true, &extra);
		int bg = colour_number(cur_theme[i].bg, false, &extra);

		style_extra[i] = extra;
#ifdef NCURSES_EXT_COLORS
		init_extended_pair(i + 1, fg, bg);
#else
		init_pair((short)(i + 1), (short)fg, (short)bg);
#endif
	}
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
	if (!cur_theme)
		cur_theme = theme_styles(THEME_DARK);
	for (int y = 0; y < f->h && y < th; y++) {
		for (int x = 0; x < f->w && x < tw; x++) {
			const struct cell *c = frame_at_c(f, x, y);
			const struct theme_style *sd = &cur_theme[c->style];
			attr_t a = mono_mode ? curses_attr(sd->mono)
					     : curses_attr(sd->attr) | style_extra[c->style];
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
		case KEY_UP:
			ev->k = UK_UP;
			break;
		case KEY_DOWN:
			ev->k = UK_DOWN;
			break;
		case KEY_LEFT:
			ev->k = UK_LEFT;
			break;
		case KEY_RIGHT:
			ev->k = UK_RIGHT;
			break;
		case KEY_SLEFT:
			ev->k = UK_SLEFT;
			break;
		case KEY_SRIGHT:
			ev->k = UK_SRIGHT;
			break;
		case KEY_PPAGE:
			ev->k = UK_PGUP;
			break;
		case KEY_NPAGE:
			ev->k = UK_PGDN;
			break;
		case KEY_HOME:
			ev->k = UK_HOME;
			break;
		case KEY_END:
			ev->k = UK_END;
			break;
		case KEY_BACKSPACE:
			ev->k = UK_BACKSPACE;
			break;
		case KEY_ENTER:
			ev->k = UK_ENTER;
			break;
		case KEY_BTAB:
			ev->k = UK_BTAB;
			break;
		case KEY_DC:
			ev->k = UK_DELETE;
			break;
		case KEY_SR:
			ev->k = UK_SUP;
			break;
		case KEY_SF:
			ev->k = UK_SDOWN;
			break;
		case KEY_RESIZE:
			ev->k = UK_RESIZE;
			break;
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
	case 27:
		ev->k = UK_ESC;
		break;
	case 8:
	case 127:
		ev->k = UK_BACKSPACE;
		break;
	case '\r':
	case '\n':
		ev->k = UK_ENTER;
		break;
	case '\t':
		ev->k = UK_TAB;
		break;
	case 12:
		ev->k = UK_CTRL_L;
		break;
	default:
		ev->k = UK_CHAR;
		ev->ch = (int)ch;
		break;
	}
	return true;
}
