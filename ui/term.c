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

#include <curses.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <term.h>
#include <signal.h>
#include <termios.h>
#include <unistd.h>

/* A theme colour: 24-bit RGB plus hand-picked 256-colour and 16-colour fallbacks
 * (the theme convention of docs/architecture.md); rgb < 0 is the terminal's default colour. On an
 * 8-colour terminal the bright half (8-15) becomes 0-7 and a foreground gets bold. */
struct col {
	int32_t rgb;
	short c256, c16;
};

struct style_def {
	struct col fg, bg;
	attr_t attr; /* with colour */
	attr_t mono; /* without colour: bold, underline, reverse only (no A_DIM: NO_COLOR means no greys) */
};

#define DEF { -1, -1, -1 }
#define BLACK { 0x000000, 16, 0 }
#define WHITE { 0xffffff, 231, 15 }
#define CYAN { 0x00afaf, 37, 6 }
#define YELLOW { 0xffd700, 220, 11 }
#define MAGENTA { 0xff5fff, 207, 13 }
#define GREEN { 0x5fd700, 76, 2 }
#define LGREEN { 0x5fd75f, 77, 10 }
#define RED { 0xff5f5f, 203, 9 }

/* dark: the terminal's own background, colours for meaning */
static const struct style_def theme_dark[ST__COUNT] = {
	[ST_NORMAL] = { DEF, DEF, 0, 0 },
	[ST_DIM] = { DEF, DEF, A_DIM, 0 },
	[ST_BORDER] = { CYAN, DEF, 0, 0 },
	[ST_TITLE] = { CYAN, DEF, A_BOLD, A_BOLD },
	[ST_SELECTED] = { YELLOW, DEF, A_BOLD, A_BOLD },
	[ST_CURRENT] = { BLACK, { 0xffd700, 220, 3 }, 0, A_REVERSE },
	[ST_CHANGED] = { MAGENTA, DEF, A_BOLD | A_UNDERLINE, A_BOLD | A_UNDERLINE },
	[ST_STATUS] = { BLACK, CYAN, 0, A_REVERSE },
	[ST_KEY] = { YELLOW, DEF, A_BOLD, A_BOLD },
	[ST_PACKET] = { BLACK, GREEN, A_BOLD, A_REVERSE | A_BOLD },
	[ST_MATCH] = { BLACK, GREEN, 0, A_REVERSE },
	[ST_GOOD] = { LGREEN, DEF, A_BOLD, A_BOLD },
	[ST_BAD] = { RED, DEF, A_BOLD, A_BOLD },
	[ST_CAPTION] = { WHITE, DEF, A_BOLD, A_BOLD },
	[ST_O_NONE] = { DEF, DEF, A_DIM, 0 },
	[ST_O_APP] = { MAGENTA, DEF, A_BOLD, A_BOLD },
	[ST_O_SOCKET] = { { 0x5fafff, 75, 12 }, DEF, A_BOLD, A_BOLD },
	[ST_O_ROUTE] = { LGREEN, DEF, A_BOLD, A_BOLD },
	[ST_O_ADDR_SELECT] = { { 0x5fffff, 87, 14 }, DEF, A_BOLD, A_BOLD },
	[ST_O_INCOMING] = { { 0xd7af00, 178, 3 }, DEF, 0, 0 },
	[ST_O_NAT] = { RED, DEF, A_BOLD, A_BOLD },
	[ST_O_CONNTRACK] = { { 0xd75f5f, 167, 1 }, DEF, 0, 0 },
	[ST_O_KERNEL] = { { 0xd0d0d0, 252, 7 }, DEF, 0, 0 },
	[ST_O_NEIGH] = { CYAN, DEF, 0, 0 },
};

#define DBLUE { 0x0000af, 19, 4 }
#define DRED { 0xaf0000, 124, 1 }
#define DGREEN { 0x008700, 28, 2 }

/* light / projector: black on white, bold, no A_DIM, no blue-on-black (readable on a projector) */
static const struct style_def theme_light[ST__COUNT] = {
	[ST_NORMAL] = { BLACK, WHITE, A_BOLD, 0 },
	[ST_DIM] = { BLACK, WHITE, 0, 0 },
	[ST_BORDER] = { DBLUE, WHITE, A_BOLD, 0 },
	[ST_TITLE] = { DBLUE, WHITE, A_BOLD, A_BOLD },
	[ST_SELECTED] = { DRED, WHITE, A_BOLD, A_BOLD },
	[ST_CURRENT] = { WHITE, DBLUE, A_BOLD, A_REVERSE },
	[ST_CHANGED] = { { 0xaf00af, 127, 5 }, WHITE, A_BOLD | A_UNDERLINE, A_BOLD | A_UNDERLINE },
	[ST_STATUS] = { WHITE, BLACK, A_BOLD, A_REVERSE },
	[ST_KEY] = { DBLUE, WHITE, A_BOLD, A_BOLD },
	[ST_PACKET] = { WHITE, DGREEN, A_BOLD, A_REVERSE | A_BOLD },
	[ST_MATCH] = { BLACK, { 0x87ff87, 120, 10 }, A_BOLD, A_REVERSE },
	[ST_GOOD] = { DGREEN, WHITE, A_BOLD, A_BOLD },
	[ST_BAD] = { DRED, WHITE, A_BOLD, A_BOLD },
	[ST_CAPTION] = { BLACK, WHITE, A_BOLD, A_BOLD },
	[ST_O_NONE] = { BLACK, WHITE, 0, 0 },
	[ST_O_APP] = { { 0x870087, 90, 5 }, WHITE, A_BOLD, A_BOLD },
	[ST_O_SOCKET] = { DBLUE, WHITE, A_BOLD, A_BOLD },
	[ST_O_ROUTE] = { { 0x005f00, 22, 2 }, WHITE, A_BOLD, A_BOLD },
	[ST_O_ADDR_SELECT] = { { 0x005f87, 24, 6 }, WHITE, A_BOLD, A_BOLD },
	/* brown on white; with 16 colours black on bright yellow (yellow on white is unreadable) */
	[ST_O_INCOMING] = { { 0x875f00, 94, 0 }, { 0xffffff, 231, 11 }, A_BOLD, A_BOLD },
	[ST_O_NAT] = { DRED, WHITE, A_BOLD, A_BOLD },
	[ST_O_CONNTRACK] = { { 0x870000, 88, 1 }, WHITE, A_UNDERLINE, A_UNDERLINE },
	[ST_O_KERNEL] = { BLACK, WHITE, A_BOLD, 0 },
	[ST_O_NEIGH] = { { 0x005f5f, 23, 6 }, WHITE, A_BOLD, 0 },
};

#define BRYELLOW { 0xffff00, 226, 11 }
#define BRGREEN { 0x5fff5f, 83, 10 }

/* high contrast / projector-dark: white and yellow on black, bold everywhere */
static const struct style_def theme_contrast[ST__COUNT] = {
	[ST_NORMAL] = { WHITE, BLACK, A_BOLD, 0 },
	[ST_DIM] = { { 0xbcbcbc, 250, 7 }, BLACK, 0, 0 },
	[ST_BORDER] = { WHITE, BLACK, A_BOLD, 0 },
	[ST_TITLE] = { BRYELLOW, BLACK, A_BOLD, A_BOLD },
	[ST_SELECTED] = { BRYELLOW, BLACK, A_BOLD, A_BOLD },
	[ST_CURRENT] = { BLACK, BRYELLOW, A_BOLD, A_REVERSE },
	[ST_CHANGED] = { BRYELLOW, BLACK, A_BOLD | A_UNDERLINE, A_BOLD | A_UNDERLINE },
	[ST_STATUS] = { BLACK, WHITE, A_BOLD, A_REVERSE },
	[ST_KEY] = { BRYELLOW, BLACK, A_BOLD, A_BOLD },
	[ST_PACKET] = { BLACK, BRYELLOW, A_BOLD, A_REVERSE | A_BOLD },
	[ST_MATCH] = { BLACK, WHITE, A_BOLD, A_REVERSE },
	[ST_GOOD] = { BRGREEN, BLACK, A_BOLD, A_BOLD },
	[ST_BAD] = { RED, BLACK, A_BOLD, A_BOLD },
	[ST_CAPTION] = { BRYELLOW, BLACK, A_BOLD, A_BOLD },
	[ST_O_NONE] = { { 0xd0d0d0, 252, 7 }, BLACK, 0, 0 },
	[ST_O_APP] = { { 0xff87ff, 213, 13 }, BLACK, A_BOLD, A_BOLD },
	[ST_O_SOCKET] = { { 0x5fffff, 87, 14 }, BLACK, A_BOLD, A_BOLD },
	[ST_O_ROUTE] = { BRGREEN, BLACK, A_BOLD, A_BOLD },
	[ST_O_ADDR_SELECT] = { { 0x5fffff, 87, 14 }, BLACK, A_BOLD | A_UNDERLINE, A_BOLD },
	[ST_O_INCOMING] = { BRYELLOW, BLACK, A_BOLD, A_BOLD },
	[ST_O_NAT] = { RED, BLACK, A_BOLD, A_BOLD },
	[ST_O_CONNTRACK] = { RED, BLACK, A_BOLD | A_UNDERLINE, A_BOLD },
	[ST_O_KERNEL] = { WHITE, BLACK, A_BOLD, A_BOLD },
	[ST_O_NEIGH] = { BRGREEN, BLACK, A_BOLD | A_UNDERLINE, A_BOLD },
};

#define LEVEL_TRUE (1 << 24)

static enum colour_mode want_mode = COLOUR_AUTO;
static int level; /* 0 (attributes only), 8, 16, 256 or LEVEL_TRUE */
static char level_desc[128] = "no colour";
static bool use_colour;
static int cursor_x = -1, cursor_y = -1;
static const struct style_def *cur_theme = theme_dark;
static bool started;
static bool mono_mode = true;

int colour_mode_parse(const char *s)
{
	static const struct {
		const char *name;
		enum colour_mode m;
	} names[] = { { "auto", COLOUR_AUTO }, { "never", COLOUR_NEVER }, { "none", COLOUR_NEVER },
		      { "no", COLOUR_NEVER },  { "16", COLOUR_16 },        { "8", COLOUR_16 },
		      { "256", COLOUR_256 },   { "truecolor", COLOUR_TRUE }, { "24bit", COLOUR_TRUE },
		      { "always", COLOUR_AUTO } };

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
	      : colors >= 256				    ? 256
	      : colors >= 16				    ? 16
	      : colors >= 8				    ? 8
							    : 0;
	switch (want_mode) {
	case COLOUR_16:
		level = can == LEVEL_TRUE ? 8 : can < 16 ? can : 16; /* direct terminals: 8 + bold */
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
			 want_mode == COLOUR_TRUE ? ": the terminfo has no RGB, truecolor unavailable" : "");
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

	if (want_mode == COLOUR_TRUE || (want_mode == COLOUR_AUTO && env_truecolor() && !getenv("NO_COLOR")))
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
		mousemask(BUTTON1_CLICKED | BUTTON1_PRESSED | BUTTON4_PRESSED | BUTTON5_PRESSED, NULL);
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

static attr_t style_extra[ST__COUNT]; /* bold for bright colours on 8-colour terminals */

static int colour_number(struct col c, bool fg, attr_t *extra)
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
	cur_theme = t == THEME_LIGHT ? theme_light : t == THEME_CONTRAST ? theme_contrast : theme_dark;
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
	for (int y = 0; y < f->h && y < th; y++) {
		for (int x = 0; x < f->w && x < tw; x++) {
			const struct cell *c = frame_at_c(f, x, y);
			const struct style_def *sd = &cur_theme[c->style];
			attr_t a = mono_mode ? sd->mono : sd->attr | style_extra[c->style];
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
