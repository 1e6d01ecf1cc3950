/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * keys: see keys.h. A table of (key, char, action, modes) rows; the first row that
 * matches wins. Presenter mode adds Enter = next and drops q (a clicker or a stray
 * key must never end a talk).
 */
#include "keys.h"

#include <ctype.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <wchar.h>
#include <wctype.h>

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
	{ UK_CHAR, 'L', ACT_LESSONS, M_VIEW },
	{ UK_CHAR, 'o', ACT_PANE, M_VIEW },
	{ UK_CHAR, 's', ACT_SAY, M_ALL },
	{ UK_CHAR, 'B', ACT_BEAT, M_ALL },
	{ UK_CHAR, '?', ACT_HELP, M_ALL },
	{ UK_F1, 0, ACT_HELP, M_ALL },
	{ UK_CTRL_L, 0, ACT_REDRAW, M_ALL },
	{ UK_CHAR, 'q', ACT_QUIT, M_VIEW },
	{ UK_F10, 0, ACT_QUIT, M_VIEW },
};

/* the user's bindings (the config file), searched first */
enum { USER_MAX = 128 };
static struct binding user[USER_MAX];
static size_t nuser;

static bool same_key(const struct binding *b, const struct ui_keyev *ev)
{
	return b->k == ev->k && (b->k != UK_CHAR || b->ch == ev->ch);
}

void keys_bind(const struct ui_keyev *k, enum action a, unsigned modes)
{
	/* a binding replaces an earlier one of the same key in the modes it covers */
	for (size_t i = 0; i < nuser;) {
		if (same_key(&user[i], k))
			user[i].modes &= ~modes;
		if (user[i].modes == 0) {
			memmove(&user[i], &user[i + 1], (nuser - i - 1) * sizeof(user[0]));
			nuser--;
		} else {
			i++;
		}
	}
	if (nuser == USER_MAX)
		memmove(&user[0], &user[1], (--nuser) * sizeof(user[0])); /* the oldest goes */
	user[nuser++] = (struct binding){ k->k, k->k == UK_CHAR ? k->ch : 0, a, modes & M_ALL };
}

void keys_bind_reset(void)
{
	nuser = 0;
}

bool keys_user_binding(size_t i, char *key, size_t keylen, unsigned *modes, enum action *a)
{
	struct ui_keyev k = { 0 };

	if (i >= nuser)
		return false;
	k.k = user[i].k;
	k.ch = user[i].ch;
	keys_name(&k, key, keylen);
	*modes = user[i].modes;
	*a = user[i].a;
	return true;
}

enum action keys_action(const struct ui_keyev *ev, bool presenter)
{
	unsigned mode = presenter ? M_PRES : M_VIEW;

	for (size_t i = nuser; i-- > 0;)
		if (same_key(&user[i], ev) && (user[i].modes & mode))
			return user[i].a;
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

static const struct {
	const char *name;
	enum ui_key k;
} key_names[] = {
	{ "Space", UK_NONE },	  { "Enter", UK_ENTER }, { "Escape", UK_ESC },
	{ "Tab", UK_TAB },	  { "BTab", UK_BTAB },	 { "BSpace", UK_BACKSPACE },
	{ "Delete", UK_DELETE },  { "Up", UK_UP },	 { "Down", UK_DOWN },
	{ "Left", UK_LEFT },	  { "Right", UK_RIGHT }, { "S-Left", UK_SLEFT },
	{ "S-Right", UK_SRIGHT }, { "S-Up", UK_SUP },	 { "S-Down", UK_SDOWN },
	{ "PageUp", UK_PGUP },	  { "PgUp", UK_PGUP },	 { "PPage", UK_PGUP },
	{ "PageDown", UK_PGDN },  { "PgDn", UK_PGDN },	 { "NPage", UK_PGDN },
	{ "Home", UK_HOME },	  { "End", UK_END },	 { "F1", UK_F1 },
	{ "F5", UK_F5 },	  { "F10", UK_F10 },	 { "C-l", UK_CTRL_L },
};

bool keys_parse_name(const char *s, struct ui_keyev *k)
{
	memset(k, 0, sizeof(*k));
	for (size_t i = 0; i < sizeof(key_names) / sizeof(key_names[0]); i++)
		if (strcasecmp(s, key_names[i].name) == 0) {
			k->k = key_names[i].k == UK_NONE ? UK_CHAR : key_names[i].k;
			k->ch = key_names[i].k == UK_NONE ? ' ' : 0;
			return true;
		}
	/* one printable character, ASCII or UTF-8 */
	if (s[0] && !s[1] && s[0] > ' ' && s[0] < 0x7f) {
		k->k = UK_CHAR;
		k->ch = s[0];
		return true;
	}
	if ((unsigned char)s[0] >= 0x80) {
		mbstate_t st;
		wchar_t wc;
		size_t n;

		memset(&st, 0, sizeof(st));
		n = mbrtowc(&wc, s, strlen(s), &st);
		if (n != (size_t)-1 && n != (size_t)-2 && n > 0 && !s[n] && iswprint((wint_t)wc)) {
			k->k = UK_CHAR;
			k->ch = (int)wc;
			return true;
		}
	}
	return false;
}

void keys_name(const struct ui_keyev *k, char *buf, size_t len)
{
	if (!len)
		return;
	if (k->k == UK_CHAR && k->ch == ' ') {
		snprintf(buf, len, "Space");
		return;
	}
	if (k->k == UK_CHAR) {
		mbstate_t st;
		char mb[MB_LEN_MAX + 1];
		size_t n;

		memset(&st, 0, sizeof(st));
		n = wcrtomb(mb, (wchar_t)k->ch, &st);
		if (n == (size_t)-1)
			n = 0;
		mb[n] = '\0';
		snprintf(buf, len, "%s", mb);
		return;
	}
	for (size_t i = 0; i < sizeof(key_names) / sizeof(key_names[0]); i++)
		if (key_names[i].k == k->k) {
			snprintf(buf, len, "%s", key_names[i].name);
			return;
		}
	snprintf(buf, len, "?");
}

#define X_NAME(id, keys, help) #id,
static const char *const action_ids[] = { ACTION_LIST(X_NAME) };
#undef X_NAME

const char *action_name(enum action a)
{
	static char names[ACT__COUNT][24];

	if ((unsigned)a >= ACT__COUNT)
		return "none";
	if (!names[a][0]) {
		size_t i;

		for (i = 0; action_ids[a][i] && i + 1 < sizeof(names[a]); i++)
			names[a][i] = action_ids[a][i] == '_'
					      ? '-'
					      : (char)tolower((unsigned char)action_ids[a][i]);
		names[a][i] = '\0';
	}
	return names[a];
}

int action_parse(const char *s)
{
	for (int a = 0; a < ACT__COUNT; a++) {
		if (a == ACT_NONE || a == ACT_GOTO || a == ACT_GPREFIX)
			continue;
		if (strcmp(s, action_name((enum action)a)) == 0)
			return a;
	}
	return -1;
}

#define X_HELP(id, keys, help) { keys, help },
static const struct key_help help_table[] = { ACTION_LIST(X_HELP) };
#undef X_HELP

const struct key_help *keys_help(size_t *n)
{
	static struct key_help rows[sizeof(help_table) / sizeof(help_table[0]) + USER_MAX];
	static char keytext[USER_MAX][32], helptext[USER_MAX][64];
	size_t nrows = 0;

	/* the table without ACT_NONE and the rows folded into the one before */
	for (size_t i = 1; i < sizeof(help_table) / sizeof(help_table[0]); i++)
		if (help_table[i].help[0]) {
			rows[nrows] = help_table[i];
			rows[nrows++].help = _(help_table[i].help);
		}
	/* then the config file's bindings, which come first when a key is read */
	for (size_t i = 0; i < nuser; i++) {
		struct ui_keyev k = { 0 };

		k.k = user[i].k;
		k.ch = user[i].ch;
		keys_name(&k, keytext[i], sizeof(keytext[i]));
		snprintf(helptext[i], sizeof(helptext[i]), _("%s (config%s)"),
			 user[i].a == ACT_NONE ? _("unbound") : action_name(user[i].a),
			 user[i].modes == M_PRES   ? _(", presenter")
			 : user[i].modes == M_VIEW ? _(", not presenter")
						   : "");
		rows[nrows++] = (struct key_help){ keytext[i], helptext[i] };
	}
	*n = nrows;
	return rows;
}

/* CSI/SS3 sequences, after "ESC [" or "ESC O" */
static const struct {
	const char *seq;
	enum ui_key k;
} seqs[] = {
	{ "C", UK_RIGHT },    { "D", UK_LEFT },	 { "A", UK_UP },   { "B", UK_DOWN },
	{ "5~", UK_PGUP },    { "6~", UK_PGDN }, { "H", UK_HOME }, { "1~", UK_HOME },
	{ "F", UK_END },      { "4~", UK_END },	 { "P", UK_F1 },   { "11~", UK_F1 },
	{ "15~", UK_F5 },     { "21~", UK_F10 }, { "Z", UK_BTAB }, { "1;2C", UK_SRIGHT },
	{ "1;2D", UK_SLEFT },
};

static bool decode_esc(const unsigned char *buf, size_t len, bool end, struct ui_keyev *k)
{
	char seq[KEYS_SEQ_MAX];
	size_t n = len - 2;
	unsigned char last = buf[len - 1];

	if (len == 1) {
		k->k = UK_ESC;
		return end;
	}
	if (buf[1] != '[' && buf[1] != 'O') {
		k->k = UK_ESC; /* Alt-key: the key itself is dropped */
		return true;
	}
	/* the sequence ends with a letter or '~', after 7 bytes, or when no more come */
	if (!end && n < 7 && !(n > 0 && ((last >= 'A' && last <= 'Z') || last == '~')))
		return false;
	memcpy(seq, buf + 2, n);
	seq[n] = '\0';
	k->k = UK_NONE;
	for (size_t i = 0; i < sizeof(seqs) / sizeof(seqs[0]); i++)
		if (strcmp(seq, seqs[i].seq) == 0)
			k->k = seqs[i].k;
	return true;
}

bool keys_decode(const unsigned char *buf, size_t len, bool end, struct ui_keyev *k)
{
	int c = buf[0];

	memset(k, 0, sizeof(*k));
	if (len >= KEYS_SEQ_MAX)
		end = true;
	if (c == 27)
		return decode_esc(buf, len, end, k);
	switch (c) {
	case 8:
	case 127:
		k->k = UK_BACKSPACE;
		return true;
	case '\r':
	case '\n':
		k->k = UK_ENTER;
		return true;
	case '\t':
		k->k = UK_TAB;
		return true;
	case 12:
		k->k = UK_CTRL_L;
		return true;
	default:
		break;
	}
	if (c >= 0x80) { /* UTF-8: the rest of the character */
		size_t need = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
		mbstate_t st;
		wchar_t wc;

		if (len < need && !end)
			return false;
		memset(&st, 0, sizeof(st));
		if (mbrtowc(&wc, (const char *)buf, len, &st) > len)
			return true; /* UK_NONE */
		/* glibc decodes 0xF5..0xF7 leads beyond Unicode (found by fuzz-keys) */
		if ((uint32_t)wc > 0x10FFFF || (wc >= 0xD800 && wc <= 0xDFFF))
			return true; /* UK_NONE */
		c = (int)wc;
	}
	k->k = UK_CHAR;
	k->ch = c;
	return true;
}
