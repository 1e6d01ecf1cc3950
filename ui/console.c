/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * console: see console.h.
 *
 * Host prefixes: a line that starts with a command word gets the console's host put in
 * front of it before it runs ("ip route add …" typed on comp1 runs and is stored as
 * "comp1 ip route add …"), so the script never depends on which host the console had
 * selected, and a saved scene replays the same.
 */
#include "base/i18n.h"
#include "console.h"
#include "lessons.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "net/sock.h"
#include "rl.h"
#include "scene/scene.h"
#include "tools/grammar.h"

/* a console line is saved as a scene line */
_Static_assert(RLB_LINE_MAX == SCENE_LINE_MAX, "the console's longest line is a scene's");

#define PANE_MAX_LINES 2000

/* ---- output pane ---- */

static void pane_add(struct console *c, enum con_kind k, const char *text, size_t len)
{
	char *line = xmalloc(len + 1);

	memcpy(line, text, len);
	line[len] = '\0';
	if (c->nout == PANE_MAX_LINES) { /* drop the oldest */
		free(c->out[0]);
		memmove(c->out, c->out + 1, (c->nout - 1) * sizeof(*c->out));
		memmove(c->kind, c->kind + 1, c->nout - 1);
		c->nout--;
	}
	vec_reserve((void **)&c->out, &c->out_cap, c->nout + 1, sizeof(*c->out));
	vec_reserve((void **)&c->kind, &c->kind_cap, c->nout + 1, 1);
	c->out[c->nout] = line;
	c->kind[c->nout++] = (unsigned char)k;
}

/* Adds text split at newlines (a trailing newline adds no empty line). */
static void pane_text(struct console *c, enum con_kind k, const char *text)
{
	while (text && *text) {
		const char *nl = strchr(text, '\n');
		size_t len = nl ? (size_t)(nl - text) : strlen(text);

		pane_add(c, k, text, len);
		text += len + (nl ? 1 : 0);
	}
}

static void pane_printf(struct console *c, enum con_kind k, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void pane_printf(struct console *c, enum con_kind k, const char *fmt, ...)
{
	struct strbuf sb;
	va_list ap;

	strbuf_init(&sb);
	va_start(ap, fmt);
	strbuf_vprintf(&sb, fmt, ap);
	va_end(ap);
	pane_text(c, k, sb.buf);
	strbuf_release(&sb);
}

static void pane_clear(struct console *c)
{
	for (size_t i = 0; i < c->nout; i++)
		free(c->out[i]);
	c->nout = 0;
	c->scroll = 0;
}

static void popup_close(struct console *c)
{
	for (size_t i = 0; i < c->ncands; i++)
		free(c->cands[i]);
	free(c->cands);
	c->cands = NULL;
	c->ncands = 0;
}

/* ---- history file ---- */

char *console_history_path(void)
{
	const char *x = getenv("XDG_STATE_HOME"), *home = getenv("HOME");
	struct strbuf sb;

	strbuf_init(&sb);
	if (x && x[0] == '/') /* the spec: a relative value is invalid, ignore it */
		strbuf_printf(&sb, "%s/pktpath/history", x);
	else if (home && home[0] == '/')
		strbuf_printf(&sb, "%s/.local/state/pktpath/history", home);
	if (!sb.len) { /* HOME unset or relative: no history (console_start says so) */
		strbuf_release(&sb);
		return NULL;
	}
	return sb.buf;
}

/* mkdir -p of the directory part of path */
static int make_parent_dirs(const char *path)
{
	char *p = xstrdup(path);

	for (char *s = strchr(p + 1, '/'); s; s = strchr(s + 1, '/')) {
		*s = '\0';
		if (mkdir(p, 0700) < 0 && errno != EEXIST) {
			int e = errno;

			free(p);
			errno = e;
			return -1;
		}
		*s = '/';
	}
	free(p);
	return 0;
}

static void history_save(struct console *c)
{
	char err[4200];

	if (!c->hist_path)
		return;
	if (make_parent_dirs(c->hist_path) < 0)
		snprintf(err, sizeof(err), "%s: %s", c->hist_path, strerror(errno));
	else if (rlb_history_save(c->hist_path, err, sizeof(err)) == 0)
		return;
	if (!c->hist_warned)
		pane_printf(c, CON_ERR, _("history not saved: %s"), err);
	c->hist_warned = true;
}

/* ---- commands ---- */

static void set_prompt(struct console *c)
{
	snprintf(c->prompt, sizeof(c->prompt), "%s> ", c->host[0] ? c->host : "pktpath");
	rlb_set_prompt(c->prompt);
}

/* After its first line, the command words (from the grammar) */
static const char *const console_help[] = {
	N_("Commands run on the network as it is at the current event:"),
	N_("  HOST ip …         run on HOST;  host NAME: later lines on NAME;  host: list"),
	N_("A change that succeeds joins the timeline here: the packets after it are simulated"),
	N_("again under it, and stepping back before it shows the network without it."),
	N_("  save FILE          the timeline as a scene file (pktpath trace FILE replays it)"),
	N_("  export trace FILE  the trace, as `pktpath trace` prints it"),
	N_("  lessons            the lessons;  open NAME|N: open one (or a scene file)"),
	N_("  clear, help [CMD], exit  (Ctrl-D on an empty line = exit; Esc: the view)"),
	N_("Keys: Tab completes, Up/Down and Ctrl-R search history, Ctrl-C clears the line,"),
	N_("PgDn/PgUp step through events, Shift-Up/Down or the wheel scroll this pane."),
};

static void expand_home(const char *in, char *out, size_t n)
{
	const char *home = getenv("HOME");

	if (in[0] == '~' && in[1] == '/' && home)
		snprintf(out, n, "%s%s", home, in + 1);
	else
		snprintf(out, n, "%s", in);
}

static void list_lessons(struct console *c)
{
	struct lesson *v;
	size_t n = lessons_list(&v);

	if (n == 0)
		pane_text(c, CON_ERR, _("no lessons found"));
	for (size_t i = 0; i < n; i++)
		pane_printf(c, CON_OUT, "%2zu %-26s %s", i + 1, v[i].name, v[i].title);
	free(v);
}

void console_lessons_menu(struct console *c)
{
	c->scroll = 0;
	pane_text(c, CON_INFO, _("Lessons (a number and Enter opens one; Esc goes back):"));
	list_lessons(c);
	rlb_set_line("open ");
}

/* `open`: another lesson (by name or by its number in `lessons`) or scene file
 * replaces the session; the console's edits to the old one are gone (save first). */
static void console_open(struct console *c, const char *arg)
{
	char *text, *path = NULL, err[4200], num[sizeof(((struct lesson *)0)->name)];
	char *end;
	unsigned long k = strtoul(arg, &end, 10);

	if (*arg && !*end && k > 0) { /* a number from `lessons` */
		struct lesson *v;
		size_t n = lessons_list(&v);

		if (k > n) {
			pane_printf(c, CON_ERR, _("open: no lesson number %lu (lessons lists %zu)"),
				    k, n);
			free(v);
			return;
		}
		snprintf(num, sizeof(num), "%s", v[k - 1].name);
		arg = num;
		free(v);
	}
	text = lesson_read(arg, &path, err, sizeof(err));
	if (!text) {
		pane_printf(c, CON_ERR, _("open: %s"), err);
		return;
	}
	session_close(c->s);
	session_open(c->s, text, path);
	free(text);
	free(path);
	*c->cur = view_opening_event(&c->s->trace);
	c->changed = true;
	c->host[0] = '\0';
	set_prompt(c);
	pane_printf(c, CON_INFO, _("opened %s: %s (%zu events)"), arg,
		    strcmp(i18n_lang(), "ru") == 0 && c->s->trace.title_ru &&
				    c->s->trace.title_ru[0]
			    ? c->s->trace.title_ru
			    : c->s->title,
		    c->s->trace.n);
}

/* Console verbs; true if the line was one. */
static bool console_verb(struct console *c, int argc, char **argv)
{
	char path[4096], err[4200];

	if (strcmp(argv[0], "exit") == 0 && argc == 1) {
		console_unfocus(c);
		return true;
	}
	if (strcmp(argv[0], "clear") == 0 && argc == 1) {
		pane_clear(c);
		return true;
	}
	if (strcmp(argv[0], "help") == 0 && argc == 1) {
		struct strbuf sb;

		strbuf_init(&sb);
		for (int traffic = 0; traffic < 2; traffic++) {
			strbuf_puts(&sb, traffic ? _("  traffic:") : _("  network:"));
			for (size_t i = 0; i < gram_ncmds; i++)
				if (gram_cmds[i].traffic == traffic)
					strbuf_printf(&sb, " %s", gram_cmds[i].word);
			strbuf_puts(&sb, traffic ? "\n" : _("  (help COMMAND: its usage)\n"));
		}
		pane_text(c, CON_INFO, _(console_help[0]));
		pane_text(c, CON_INFO, sb.buf);
		for (size_t i = 1; i < sizeof(console_help) / sizeof(console_help[0]); i++)
			pane_text(c, CON_INFO, _(console_help[i]));
		strbuf_release(&sb);
		return true;
	}
	if (strcmp(argv[0], "help") == 0 && argc == 2) {
		struct strbuf sb;

		strbuf_init(&sb);
		if (gram_usage(argv[1], &sb))
			pane_text(c, CON_INFO, sb.buf);
		else
			pane_text(c, CON_ERR, _("help: no such command (help lists them)"));
		strbuf_release(&sb);
		return true;
	}
	if (strcmp(argv[0], "save") == 0) {
		if (argc != 2) {
			pane_text(c, CON_ERR, _("usage: save FILE"));
			return true;
		}
		expand_home(argv[1], path, sizeof(path));
		if (session_save(c->s, path, err, sizeof(err)) < 0)
			pane_printf(c, CON_ERR, _("save: %s"), err);
		else
			pane_printf(c, CON_INFO, _("saved %zu lines (%zu console edits) to %s"),
				    c->s->nlines, c->s->nconsole, path);
		return true;
	}
	if (strcmp(argv[0], "lessons") == 0 && argc == 1) {
		list_lessons(c);
		return true;
	}
	if (strcmp(argv[0], "open") == 0) {
		if (argc != 2) {
			pane_text(c, CON_ERR, _("usage: open LESSON|N|FILE (lessons lists them)"));
			return true;
		}
		console_open(c, argv[1]);
		return true;
	}
	if (strcmp(argv[0], "export") == 0) {
		struct strbuf sb;

		if (argc != 3 || strcmp(argv[1], "trace") != 0) {
			pane_text(c, CON_ERR, _("usage: export trace FILE"));
			return true;
		}
		expand_home(argv[2], path, sizeof(path));
		strbuf_init(&sb);
		strbuf_puts(&sb, "");
		session_trace_text(c->s, &sb);
		if (file_write_atomic(path, sb.buf, sb.len, 0644, err, sizeof(err)) < 0)
			pane_printf(c, CON_ERR, _("export: %s"), err);
		else
			pane_printf(c, CON_INFO, _("wrote %zu events to %s"), c->s->trace.n, path);
		strbuf_release(&sb);
		return true;
	}
	if (strcmp(argv[0], "host") == 0 && argc <= 2) {
		struct sim *sim = session_state_at(c->s, *c->cur);

		if (argc == 1) {
			for (size_t i = 0; i < sim->nhosts; i++)
				pane_printf(c, CON_OUT, "%s%s", sim->hosts[i]->name,
					    strcmp(sim->hosts[i]->name, c->host) == 0 ? " *" : "");
			return true;
		}
		if (!sim_host(sim, argv[1])) {
			pane_printf(c, CON_ERR, _("no such host: %s"), argv[1]);
			return true;
		}
		snprintf(c->host, sizeof(c->host), "%s", argv[1]);
		set_prompt(c);
		return true;
	}
	return false;
}

void console_run(struct console *c, const char *line)
{
	const char *p = line;
	char **argv;
	int argc, base = 0, new_ev;
	struct cmd_out o;
	struct strbuf full;
	bool ro;

	while (*p == ' ' || *p == '\t')
		p++;
	if (!*p)
		return;
	rlb_history_add(line);
	history_save(c);
	c->scroll = 0;
	pane_printf(c, CON_ECHO, "%s%s", c->prompt, line);
	argc = cmd_split(p, &argv);
	if (argc == 0) {
		cmd_free_words(argc, argv);
		return; /* a comment */
	}
	if (argc > 0 && console_verb(c, argc, argv)) {
		cmd_free_words(argc, argv);
		return;
	}
	strbuf_init(&full);
	if (argc > 0 && cmd_is_command_word(argv[0]) && c->host[0] && strcmp(argv[0], "host") != 0)
		strbuf_printf(&full, "%s %s", c->host, p);
	else
		strbuf_puts(&full, p);
	if (argc > 1 && !cmd_is_command_word(argv[0]) && cmd_is_command_word(argv[1]))
		base = 1;
	ro = argc < 0 || gram_read_only(argc - base, argv + base);
	cmd_out_init(&o);
	if (session_console_exec(c->s, *c->cur, full.buf, !ro, &o, &new_ev)) {
		*c->cur = new_ev;
		c->changed = true;
		pane_text(c, CON_OUT, o.out.buf);
		pane_printf(c, CON_INFO,
			    _("(in the timeline at event %d; the packets after it are simulated "
			      "again)"),
			    new_ev + 1);
		snprintf(c->msg, sizeof(c->msg), _("console edit at event %d"), new_ev + 1);
	} else {
		pane_text(c, CON_OUT, o.out.buf);
		pane_text(c, CON_ERR, o.err.buf);
		if (o.rc)
			snprintf(c->msg, sizeof(c->msg),
				 _("command failed (exit %d): nothing changed"), o.rc);
	}
	cmd_out_release(&o);
	strbuf_release(&full);
	cmd_free_words(argc < 0 ? 0 : argc, argv);
}

/* ---- readline hooks ---- */

static void on_line(void *arg, char *line)
{
	struct console *c = arg;

	if (!line) { /* Ctrl-D on an empty line */
		console_unfocus(c);
		return;
	}
	if (rlb_line_cut()) { /* what runs would not be what was typed or pasted */
		c->scroll = 0;
		pane_printf(c, CON_ERR,
			    _("pktpath: the line was longer than %d bytes and was cut: not run"),
			    RLB_LINE_MAX);
		snprintf(c->msg, sizeof(c->msg), "%s", _("line too long: nothing changed"));
		free(line);
		return;
	}
	console_run(c, line);
	free(line);
}

static int on_complete(void *arg, const char *line, int start, int end, char ***cands, size_t *n)
{
	return console_complete(arg, line, start, end, cands, n);
}

static void on_matches(void *arg, char **matches, size_t n)
{
	struct console *c = arg;

	popup_close(c);
	c->cands = xcalloc(n + 1, sizeof(*c->cands));
	for (size_t i = 0; i < n; i++)
		c->cands[i] = xstrdup(matches[i]);
	c->ncands = n;
}

/* ---- completion ---- */

struct cands {
	char **v;
	size_t n, cap;
	const char *prefix;
};

static void cand(struct cands *cs, const char *w)
{
	if (strncmp(w, cs->prefix, strlen(cs->prefix)) != 0)
		return;
	for (size_t i = 0; i < cs->n; i++)
		if (strcmp(cs->v[i], w) == 0)
			return;
	vec_reserve((void **)&cs->v, &cs->cap, cs->n + 2, sizeof(*cs->v));
	cs->v[cs->n++] = xstrdup(w);
	cs->v[cs->n] = NULL;
}

static void cand_list(struct cands *cs, const char *const *ws)
{
	for (; *ws; ws++)
		cand(cs, *ws);
}

static void cand_add(void *arg, const char *w)
{
	cand(arg, w);
}

static const char *const w_console[] = { "save",  "export", "lessons", "open",
					 "clear", "help",   "exit",    NULL };

int console_complete(struct console *c, const char *line, int start, int end, char ***out,
		     size_t *n)
{
	struct sim *sim = session_state_at(c->s, *c->cur);
	struct host *h = c->host[0] ? sim_host(sim, c->host) : NULL;
	struct cands cs = { NULL, 0, 0, NULL };
	char *head = xmalloc((size_t)start + 1), *word = xmalloc((size_t)(end - start) + 1);
	char **argv;
	int argc, base = 0;

	memcpy(head, line, (size_t)start);
	head[start] = '\0';
	memcpy(word, line + start, (size_t)(end - start));
	word[end - start] = '\0';
	cs.prefix = word;
	argc = cmd_split(head, &argv);
	if (argc < 0) { /* inside a quote: nothing to offer */
		argc = 0;
		argv = NULL;
	}
	if (argc > 0 && !cmd_is_command_word(argv[0]) && sim_host(sim, argv[0])) {
		h = sim_host(sim, argv[0]); /* a host prefix */
		base = 1;
	}
	if (argc - base == 0) {
		for (size_t i = 0; i < gram_ncmds; i++)
			cand(&cs, gram_cmds[i].word);
		if (!base) {
			cand_list(&cs, w_console);
			for (size_t i = 0; i < sim->nhosts; i++)
				cand(&cs, sim->hosts[i]->name);
		}
	} else {
		const char *w0 = argv[base];
		int na = argc - base;

		if (!strcmp(w0, "save") || (!strcmp(w0, "export") && na >= 2)) {
			cmd_free_words(argc, argv);
			free(head);
			free(word);
			return -1; /* file names */
		}
		if (!strcmp(w0, "export") && na == 1) {
			cand(&cs, "trace");
		} else if (!strcmp(w0, "open") && na == 1) {
			struct lesson *v;
			size_t nl = lessons_list(&v);

			for (size_t i = 0; i < nl; i++)
				cand(&cs, v[i].name);
			free(v);
		} else {
			gram_complete(sim, h, na, argv + base, cand_add, &cs);
		}
	}
	cmd_free_words(argc, argv);
	free(head);
	free(word);
	*out = cs.v;
	*n = cs.n;
	return 0;
}

/* ---- focus, keys, view ---- */

void console_init(struct console *c, struct session *s, int *cur)
{
	memset(c, 0, sizeof(*c));
	c->s = s;
	c->cur = cur;
	snprintf(c->prompt, sizeof(c->prompt), "pktpath> ");
	c->hist_path = console_history_path();
}

void console_release(struct console *c)
{
	if (c->started)
		rlb_end();
	pane_clear(c);
	free(c->out);
	free(c->kind);
	popup_close(c);
	free(c->hist_path);
	memset(c, 0, sizeof(*c));
}

bool console_focus(struct console *c, const char *host_hint, int cols, int rows)
{
	if (!c->host[0] && host_hint && *host_hint)
		snprintf(c->host, sizeof(c->host), "%s", host_hint);
	snprintf(c->prompt, sizeof(c->prompt), "%s> ", c->host[0] ? c->host : "pktpath");
	if (!c->started) {
		struct rlb_ops ops = { c, on_line, on_complete, on_matches };

		if (!rlb_init(&ops, c->prompt, cols, rows))
			return false;
		c->started = true;
		if (!c->hist_path)
			pane_text(c, CON_INFO,
				  _("no command history: neither XDG_STATE_HOME nor HOME is an "
				    "absolute path"));
		if (c->hist_path && rlb_history_load(c->hist_path) < 0)
			pane_printf(c, CON_ERR, _("history not read: %s: %s"), c->hist_path,
				    strerror(errno));
	} else {
		rlb_set_prompt(c->prompt);
	}
	c->focused = true;
	return true;
}

void console_unfocus(struct console *c)
{
	c->focused = false;
	popup_close(c);
}

void console_key(struct console *c, const struct ui_keyev *k, bool meta)
{
	popup_close(c);
	if (k->k == UK_CHAR && k->ch == 3) { /* Ctrl-C */
		rlb_clear_line();
		return;
	}
	rlb_feed(k, meta);
}

bool console_escape(struct console *c)
{
	if (c->cands) {
		popup_close(c);
		return true;
	}
	if (rlb_searching()) {
		rlb_abort_search();
		return true;
	}
	return false;
}

void console_resize(struct console *c, int cols, int rows)
{
	if (c->started)
		rlb_resize(cols, rows);
}

void console_scroll(struct console *c, int lines, int page)
{
	c->scroll += lines;
	/* the render shows page lines at most: scrolling further back shows nothing new */
	if (c->scroll > (int)c->nout - page)
		c->scroll = (int)c->nout - page;
	if (c->scroll < 0)
		c->scroll = 0;
}

const struct console_view *console_view(struct console *c)
{
	struct console_view *v = &c->cv;
	struct rlb_display d;

	memset(v, 0, sizeof(*v));
	v->focused = c->focused;
	v->pane = c->pane;
	rlb_display(&d);
	v->input = c->started ? d.text : c->prompt;
	v->prompt_cols = c->started ? d.prompt_cols : (int)strlen(c->prompt);
	v->cursor_col = c->started ? d.cursor_col : v->prompt_cols;
	v->out = (const char *const *)c->out;
	v->out_kind = c->kind;
	v->nout = c->nout;
	v->scroll = c->scroll;
	v->cands = (const char *const *)c->cands;
	v->ncands = c->ncands;
	v->ev_console = c->s->nconsole ? c->s->ev_console : NULL;
	return v;
}
