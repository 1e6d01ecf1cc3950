/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * config: see config.h. One command per line, words separated by blanks, '#' starts a
 * comment where a word could start, a word may be quoted with '…' or "…". A line is
 * checked whole before anything of it applies, so a bad line changes nothing.
 */
#include "config.h"

#include <errno.h>
#include <langinfo.h>
#include <locale.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "base/i18n.h"
#include "base/util.h"
#include "keys.h"
#include "lessons.h"
#include "term.h"

enum { MAX_WORDS = 8 };

struct word {
	char text[256];
	int col; /* 1-based byte column */
};

static const char *const setting_names[CFG__COUNT] = { "theme", "lang",	 "beat",
						       "color", "speed", "mouse" };

/* the path: $XDG_CONFIG_HOME/pktpath/config, else $HOME/.config/pktpath/config */
static bool config_path(char *buf, size_t len)
{
	const char *x = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");
	int n;

	if (x && x[0] == '/')
		n = snprintf(buf, len, "%s/pktpath/config", x);
	else if (home && home[0])
		n = snprintf(buf, len, "%s/.config/pktpath/config", home);
	else
		return false;
	return n > 0 && (size_t)n < len;
}

static void report(struct config *c, FILE *err, int line, int col, const char *fmt, ...)
{
	char msg[300];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (err)
		fprintf(err, _("%s:%d:%d: %s (line ignored)\n"), c->path, line, col, msg);
	if (c->nerrors++ == 0)
		snprintf(c->first_error, sizeof(c->first_error), "%.200s:%d:%d: %.290s", c->path,
			 line, col, msg);
}

/* Splits a line into words; -1 with *col at an unterminated quote. */
static int split(const char *line, struct word *w, int max, int *col)
{
	int n = 0;
	const char *p = line;

	for (;;) {
		size_t len = 0;
		char q = 0;

		while (*p == ' ' || *p == '\t')
			p++;
		if (!*p || *p == '#' || *p == '\n' || *p == '\r')
			return n;
		if (n == max) {
			*col = (int)(p - line) + 1;
			return -2;
		}
		w[n].col = (int)(p - line) + 1;
		if (*p == '\'' || *p == '"')
			q = *p++;
		while (*p && (q ? *p != q : *p != ' ' && *p != '\t' && *p != '\n' && *p != '\r')) {
			if (len + 1 < sizeof(w[n].text))
				w[n].text[len++] = *p;
			p++;
		}
		if (q) {
			if (*p != q) {
				*col = w[n].col;
				return -1;
			}
			p++;
		}
		w[n].text[len] = '\0';
		n++;
	}
}

static int parse_setting_value(enum cfg_setting s, const char *v)
{
	switch (s) {
	case CFG_THEME:
		return theme_parse(v);
	case CFG_LANG:
		return lang_parse(v);
	case CFG_BEAT:
		return beat_parse(v);
	case CFG_COLOUR:
		return colour_mode_parse(v);
	case CFG_SPEED:
		return v[0] >= '1' && v[0] <= '5' && !v[1] ? v[0] - '0' : -1;
	case CFG_MOUSE:
		return strcmp(v, "on") == 0 ? 1 : strcmp(v, "off") == 0 ? 0 : -1;
	case CFG__COUNT:
		break;
	}
	return -1;
}

static const char *const setting_values[CFG__COUNT] = {
	"dark, light, contrast, colorblind or mono", "en or ru", "event, hop or step",
	"auto, never, 16, 256 or truecolor",	     "1 to 5",	 "on or off",
};

/* -T view|presenter before the key: the modes; 0 when w is not that option */
static unsigned parse_table(struct config *c, FILE *err, int line, struct word *w, int nw, int *i)
{
	if (*i < nw && strcmp(w[*i].text, "-T") == 0) {
		if (*i + 1 >= nw) {
			report(c, err, line, w[*i].col, _("-T takes view or presenter"));
			return 0;
		}
		(*i)++;
		if (strcmp(w[*i].text, "view") == 0) {
			(*i)++;
			return KEYS_VIEW;
		}
		if (strcmp(w[*i].text, "presenter") == 0) {
			(*i)++;
			return KEYS_PRESENTER;
		}
		report(c, err, line, w[*i].col, _("-T takes view or presenter, not \"%s\""),
		       w[*i].text);
		return 0;
	}
	return KEYS_BOTH;
}

static void config_line(struct config *c, FILE *err, int line, const char *text)
{
	struct word w[MAX_WORDS];
	int col = 0, nw = split(text, w, MAX_WORDS, &col), i = 1;

	if (nw == -1) {
		report(c, err, line, col, _("unterminated quote"));
		return;
	}
	if (nw == -2) {
		report(c, err, line, col, _("too many words"));
		return;
	}
	if (nw == 0)
		return;
	if (strcmp(w[0].text, "set") == 0) {
		int s, v;

		if (nw < 3) {
			report(c, err, line, nw < 2 ? (int)strlen(text) + 1 : w[1].col,
			       _("set takes a setting and a value (set theme light)"));
			return;
		}
		for (s = 0; s < CFG__COUNT; s++)
			if (strcmp(w[1].text, setting_names[s]) == 0 ||
			    (s == CFG_COLOUR && strcmp(w[1].text, "colour") == 0))
				break;
		if (s == CFG__COUNT) {
			report(c, err, line, w[1].col,
			       _("unknown setting \"%s\" (theme, lang, beat, color, speed, mouse)"),
			       w[1].text);
			return;
		}
		v = parse_setting_value((enum cfg_setting)s, w[2].text);
		if (v < 0) {
			report(c, err, line, w[2].col, _("%s takes %s, not \"%s\""),
			       setting_names[s], setting_values[s], w[2].text);
			return;
		}
		if (nw > 3) {
			report(c, err, line, w[3].col, _("one value after set %s"),
			       setting_names[s]);
			return;
		}
		c->value[s] = v;
		c->line[s] = line;
		return;
	}
	if (strcmp(w[0].text, "bind-key") == 0 || strcmp(w[0].text, "bind") == 0 ||
	    strcmp(w[0].text, "unbind-key") == 0 || strcmp(w[0].text, "unbind") == 0) {
		bool bind = w[0].text[0] == 'b';
		unsigned modes = parse_table(c, err, line, w, nw, &i);
		struct ui_keyev k;
		int a = ACT_NONE;

		if (!modes)
			return;
		if (i >= nw) {
			report(c, err, line, (int)strlen(text) + 1,
			       bind ? _("bind-key takes a key and an action (bind-key x next)")
				    : _("unbind-key takes a key"));
			return;
		}
		if (!keys_parse_name(w[i].text, &k)) {
			report(c, err, line, w[i].col,
			       _("unknown key \"%s\" (a character, Space, Enter, PageDown, F5, …)"),
			       w[i].text);
			return;
		}
		i++;
		if (bind) {
			if (i >= nw) {
				report(c, err, line, (int)strlen(text) + 1,
				       _("bind-key %s: which action?"), w[i - 1].text);
				return;
			}
			a = action_parse(w[i].text);
			if (a < 0) {
				report(c, err, line, w[i].col,
				       _("unknown action \"%s\" (pktpath config --actions lists "
					 "them)"),
				       w[i].text);
				return;
			}
			i++;
		}
		if (i < nw) {
			report(c, err, line, w[i].col, _("unexpected \"%s\""), w[i].text);
			return;
		}
		keys_bind(&k, (enum action)a, modes);
		c->nbind++;
		return;
	}
	report(c, err, line, w[0].col, _("unknown command \"%s\" (set, bind-key, unbind-key)"),
	       w[0].text);
}

void config_init(struct config *c)
{
	memset(c, 0, sizeof(*c));
	for (int s = 0; s < CFG__COUNT; s++)
		c->value[s] = -1;
}

int config_load(struct config *c, FILE *err)
{
	char msg[4400], *text, *p;
	struct stat st;
	size_t len;
	int line = 0;

	config_init(c);
	if (!config_path(c->path, sizeof(c->path))) {
		snprintf(c->path, sizeof(c->path), "(no XDG_CONFIG_HOME or HOME)");
		return 0;
	}
	if (stat(c->path, &st) != 0 && errno == ENOENT)
		return 0;
	/* a regular file of at most 1 MiB: a FIFO or /dev/zero would be read forever */
	text = file_read(c->path, (size_t)1 << 20, &len, msg, sizeof(msg));
	if (!text) {
		if (err)
			fprintf(err, _("pktpath: config: %s (ignored)\n"), msg);
		if (c->nerrors++ == 0)
			snprintf(c->first_error, sizeof(c->first_error), "%.500s", msg);
		return c->nerrors;
	}
	c->found = true;
	for (p = text; *p;) {
		size_t n = strcspn(p, "\n");
		char buf[1024];

		line++;
		if (n >= sizeof(buf)) {
			report(c, err, line, (int)sizeof(buf), _("line too long"));
		} else {
			memcpy(buf, p, n);
			buf[n] = '\0';
			buf[strcspn(buf, "\r")] = '\0';
			config_line(c, err, line, buf);
		}
		p += n;
		if (*p == '\n')
			p++;
	}
	free(text);
	return c->nerrors;
}

const char *config_setting_name(enum cfg_setting s)
{
	return (unsigned)s < CFG__COUNT ? setting_names[s] : "?";
}

static const char *colour_name(int m)
{
	static const char *const names[] = { "auto", "never", "16", "256", "truecolor" };

	return m >= 0 && m < (int)(sizeof(names) / sizeof(names[0])) ? names[m] : "auto";
}

static void print_setting(const struct config *c, enum cfg_setting s, const char *value,
			  const char *dflt_origin)
{
	char origin[256];

	if (c->value[s] >= 0)
		snprintf(origin, sizeof(origin), _("config line %d"), c->line[s]);
	else
		snprintf(origin, sizeof(origin), "%s", dflt_origin);
	printf("set %-6s %-12s # %s\n", setting_names[s], value, origin);
}

static enum lang start_lang;

enum lang config_lang(void)
{
	return start_lang;
}

enum lang config_start_lang(int argc, char **argv)
{
	enum lang lang = lang_from_env();
	const char *code;
	struct config c;
	int l = -1;

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--lang") == 0 && i + 1 < argc)
			l = lang_parse(argv[i + 1]);
		else if (strncmp(argv[i], "--lang=", 7) == 0)
			l = lang_parse(argv[i] + 7);
		if (l >= 0)
			break;
	}
	if (l < 0) {
		config_load(&c, NULL);
		keys_bind_reset(); /* only the language is wanted here: the front ends read the
				    * file again, bindings and all, once their locale is set */
		l = c.value[CFG_LANG];
	}
	if (l >= 0)
		lang = (enum lang)l;
	/* jsonl is for programs: English whatever the language */
	if (argc >= 2 && strcmp(argv[1], "trace") == 0)
		for (int i = 2; i < argc; i++)
			if (strcmp(argv[i], "jsonl") == 0 || strcmp(argv[i], "--format=jsonl") == 0)
				lang = LANG_EN;
	start_lang = lang;
	code = lang == LANG_RU ? "ru" : "en";
	if (!i18n_use(code, lessons_locale_dir(code)) && lang != LANG_EN)
		fprintf(stderr,
			_("pktpath: no %s message catalogue found; messages stay English\n"), code);
	return lang;
}

int config_main(int argc, char **argv)
{
	struct config c;
	const char *env_lang = NULL;
	char key[32];
	unsigned modes;
	enum action a;

	for (int i = 2; i < argc; i++) {
		if (strcmp(argv[i], "--actions") == 0) {
			for (int k = 0; k < ACT__COUNT; k++)
				if (action_parse(action_name((enum action)k)) == k)
					printf("%s\n", action_name((enum action)k));
			return 0;
		}
		fprintf(stderr, _("usage: pktpath config [--actions]\n"));
		return 2;
	}
	/* key names may be UTF-8 */
	if (!setlocale(LC_CTYPE, "") || strcmp(nl_langinfo(CODESET), "UTF-8") != 0)
		setlocale(LC_CTYPE, "C.UTF-8");
	config_load(&c, stderr);
	printf("# %s%s\n", c.path,
	       c.found	   ? ""
	       : c.nerrors ? _(" (not read: defaults)")
			   : _(" (not there: defaults)"));
	print_setting(
		&c, CFG_THEME,
		theme_name(c.value[CFG_THEME] >= 0 ? (enum theme)c.value[CFG_THEME] : THEME_DARK),
		_("default"));
	for (const char *const *e = (const char *const[]){ "LC_ALL", "LC_MESSAGES", "LANG", NULL };
	     *e; e++)
		if (getenv(*e) && getenv(*e)[0]) {
			env_lang = *e;
			break;
		}
	{
		char origin[256];

		snprintf(origin, sizeof(origin), "%s%s", env_lang ? _("from ") : _("default"),
			 env_lang ? env_lang : "");
		print_setting(&c, CFG_LANG,
			      (c.value[CFG_LANG] >= 0 ? (enum lang)c.value[CFG_LANG]
						      : lang_from_env()) == LANG_RU
				      ? "ru"
				      : "en",
			      origin);
	}
	print_setting(&c, CFG_BEAT,
		      beat_name(c.value[CFG_BEAT] >= 0 ? (enum beat)c.value[CFG_BEAT] : BEAT_EVENT),
		      _("default (presenter mode: hop)"));
	print_setting(&c, CFG_COLOUR, colour_name(c.value[CFG_COLOUR]), _("default"));
	{
		char v[16];

		snprintf(v, sizeof(v), "%d", c.value[CFG_SPEED] >= 0 ? c.value[CFG_SPEED] : 3);
		print_setting(&c, CFG_SPEED, v, _("default"));
	}
	print_setting(&c, CFG_MOUSE, c.value[CFG_MOUSE] == 0 ? "off" : "on", _("default"));
	for (size_t i = 0; keys_user_binding(i, key, sizeof(key), &modes, &a); i++) {
		char word[40];

		/* a key with blanks or '#' would not read back unquoted */
		snprintf(word, sizeof(word),
			 strpbrk(key, " #'\"") ? (strchr(key, '\'') ? "\"%s\"" : "'%s'") : "%s",
			 key);
		printf("%s%s %s%s%s\n", a == ACT_NONE ? "unbind-key" : "bind-key",
		       modes == KEYS_VIEW	 ? " -T view"
		       : modes == KEYS_PRESENTER ? " -T presenter"
						 : "",
		       word, a == ACT_NONE ? "" : " ", a == ACT_NONE ? "" : action_name(a));
	}
	return c.nerrors ? 1 : 0;
}
