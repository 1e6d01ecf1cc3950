/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * keys: the TUI keymap (docs/architecture.md, "The TUI") as one table. ui/term.c translates curses
 * key codes into struct ui_keyev; keys_action() maps an event to an action for the
 * current mode; the help overlay is generated from keys_help(). No curses here, so
 * the keymap can be tested and rendered headless.
 */
#ifndef PKTPATH_KEYS_H
#define PKTPATH_KEYS_H

#include <stdbool.h>
#include <stddef.h>

#include "base/i18n.h"

enum ui_key {
	UK_NONE,
	UK_CHAR,
	UK_UP,
	UK_DOWN,
	UK_LEFT,
	UK_RIGHT,
	UK_SLEFT,
	UK_SRIGHT,
	UK_PGUP,
	UK_PGDN,
	UK_HOME,
	UK_END,
	UK_BACKSPACE,
	UK_ENTER,
	UK_ESC,
	UK_TAB,
	UK_BTAB,
	UK_F1,
	UK_F5,
	UK_F10,
	UK_CTRL_L,
	UK_RESIZE,
	UK_WHEEL_UP,
	UK_WHEEL_DOWN,
	UK_CLICK,
	UK_DELETE,
	UK_SUP,
	UK_SDOWN
};

struct ui_keyev {
	enum ui_key k;
	int ch;	  /* UK_CHAR: the character */
	int x, y; /* UK_CLICK: cell */
};

#define ACTION_LIST(X)                                                                 \
	X(NONE, "", "")                                                                \
	X(NEXT, "Space → PgDn l", N_("next beat: event, hop or step (5 Space: five)")) \
	X(PREV, "← PgUp Bksp h", N_("previous beat (exact: replays the scene)"))       \
	X(BEAT, "B", N_("beat: event, hop (presenter default), step"))                 \
	X(NEXT_STEP, "] [ Shift-→ ←", N_("next / previous scene step"))                \
	X(PREV_STEP, "", "")                                                           \
	X(FIRST, "Home gg End G", N_("first / last event"))                            \
	X(LAST, "", "")                                                                \
	X(GOTO, "<n>G <n>gg", N_("go to scene step n / event n (type digits)"))        \
	X(GPREFIX, "", "")                                                             \
	X(SEARCH, "/ n N", N_("search events (live); next / previous match"))          \
	X(SEARCH_NEXT, "", "")                                                         \
	X(SEARCH_PREV, "", "")                                                         \
	X(FILTER, "f", N_("filter: no ARP, no quiet nf, this host only, all"))         \
	X(PLAY, "P", N_("play / pause"))                                               \
	X(FASTER, "+ -", N_("play faster / slower"))                                   \
	X(SLOWER, "", "")                                                              \
	X(RESET, "R", N_("reset to the start"))                                        \
	X(PRESENT, "F5 Esc", N_("presenter mode on / off (Esc never quits)"))          \
	X(LEAVE, "", "")                                                               \
	X(BLANK, ". b", N_("blank the screen; any key resumes"))                       \
	X(THEME, "t T", N_("light / dark; cycle all themes"))                          \
	X(THEME_CYCLE, "", "")                                                         \
	X(HOST_NEXT, "Tab S-Tab", N_("focus: events, each host, packet, routes"))      \
	X(HOST_PREV, "", "")                                                           \
	X(ZOOM, "z", N_("zoom the focused pane (events by default)"))                  \
	X(INSPECT, "Enter click", N_("packet field: where its value came from"))       \
	X(CONSOLE, ":", N_("console: ip, sysctl, traffic, save at this event"))        \
	X(LESSONS, "L", N_("lessons: the list; type a number, Enter opens it"))        \
	X(PANE, "o", N_("show / hide the console output"))                             \
	X(SAY, "s", N_("the step's whole narration; any key closes it"))               \
	X(HELP, "? F1", N_("this help (PgUp/PgDn scroll)"))                            \
	X(REDRAW, "Ctrl-L", N_("redraw the screen"))                                   \
	X(QUIT, "q F10", N_("quit (q is ignored in presenter mode)"))
#define X_ENUM(id, keys, help) ACT_##id,
enum action { ACTION_LIST(X_ENUM) ACT__COUNT };
#undef X_ENUM

struct key_help {
	const char *keys;
	const char *help;
};

/* The action for a key in the given mode (presenter or not); ACT_NONE if unbound. The
 * user's bindings (keys_bind) come before the table. */
enum action keys_action(const struct ui_keyev *ev, bool presenter);

/* Modes a user binding applies to */
enum { KEYS_VIEW = 1, KEYS_PRESENTER = 2, KEYS_BOTH = 3 };
/* Binds key k to action a (ACT_NONE unbinds) in the given modes, before the built-in
 * table; a later binding of the same key and mode replaces an earlier one. */
void keys_bind(const struct ui_keyev *k, enum action a, unsigned modes);
/* Forgets the user's bindings. */
void keys_bind_reset(void);
/* The user's bindings in order: key name, mode and action of binding i; false past the
 * end. */
bool keys_user_binding(size_t i, char *key, size_t keylen, unsigned *modes, enum action *a);
/* Key names as the config file writes them: one character (x, ?, :), or Space, Enter,
 * Escape, Tab, BTab, BSpace, Delete, Up, Down, Left, Right, S-Left, S-Right, S-Up,
 * S-Down, PageUp (PgUp, PPage), PageDown (PgDn, NPage), Home, End, F1, F5, F10, C-l.
 * Returns false for anything else. */
bool keys_parse_name(const char *s, struct ui_keyev *k);
void keys_name(const struct ui_keyev *k, char *buf, size_t len);
/* Action names: the enum's in lower case with '-' (next, prev-step, theme-cycle…);
 * -1 for an unknown one or one that is not a bindable command (none, goto, gprefix). */
int action_parse(const char *s);
const char *action_name(enum action a);
/* Help lines in table order, one per action except those whose help is "" (shown on
 * the row of the action before them); *n gets the count. */
const struct key_help *keys_help(size_t *n);

/* The longest byte sequence keys_decode() reads for one key. */
#define KEYS_SEQ_MAX 9
/* Decodes one key from terminal bytes as they arrive (the usual xterm/vt100 sequences,
 * UTF-8 characters): buf[0..len) are the key's bytes so far (len >= 1), end says that no
 * more will come (end of input, or none within the escape timeout). Returns true with
 * *k set when buf holds the whole key (all of its bytes are used: an unknown sequence
 * or invalid UTF-8 gives UK_NONE, Alt+key gives UK_ESC), false when it needs another
 * byte; never with len >= KEYS_SEQ_MAX. Needs an UTF-8 LC_CTYPE for non-ASCII. */
bool keys_decode(const unsigned char *buf, size_t len, bool end, struct ui_keyev *k);

#endif
