/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * linear: `pktpath --linear`, the front end without curses: one narrated line per
 * event on stdout, keys read from stdin (its own escape decoder, in raw mode when stdin
 * is a terminal), `/` and `:` as line prompts. A screen reader or a pipe reads it.
 */
#include "tui-int.h"

#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

/* ---- --linear: one narrated line per event, keys from stdin, no curses ---- */

static struct termios lin_saved;
static bool lin_raw;

static void lin_restore(void)
{
	if (lin_raw) {
		tcsetattr(STDIN_FILENO, TCSANOW, &lin_saved);
		lin_raw = false;
	}
}

/* Ctrl-C (ISIG stays on) or a kill: give the terminal back its modes, then die of
 * the signal as usual. tcsetattr() is async-signal-safe. */
static void lin_signal(int sig)
{
	if (lin_raw)
		tcsetattr(STDIN_FILENO, TCSANOW, &lin_saved);
	signal(sig, SIG_DFL);
	raise(sig);
}

static void lin_set_raw(bool on)
{
	struct termios t;

	if (!isatty(STDIN_FILENO))
		return;
	if (!on) {
		lin_restore();
		return;
	}
	if (lin_raw || tcgetattr(STDIN_FILENO, &lin_saved) < 0)
		return;
	t = lin_saved;
	t.c_lflag &= ~(tcflag_t)(ICANON | ECHO);
	t.c_cc[VMIN] = 1;
	t.c_cc[VTIME] = 0;
	if (tcsetattr(STDIN_FILENO, TCSANOW, &t) == 0)
		lin_raw = true;
}

/* One byte from stdin: the byte, -1 at end of input, -2 when none came within
 * timeout_ms (timeout_ms < 0: wait). */
static int lin_byte(int timeout_ms)
{
	unsigned char c;

	for (;;) {
		struct pollfd pfd = { .fd = STDIN_FILENO, .events = POLLIN };
		int r = poll(&pfd, 1, timeout_ms);
		ssize_t n;

		if (r < 0 && errno == EINTR)
			continue;
		if (r == 0)
			return -2;
		n = read(STDIN_FILENO, &c, 1);
		if (n < 0 && errno == EINTR)
			continue;
		return n == 1 ? c : -1;
	}
}

/* One key from stdin (keys_decode: the usual xterm/vt100 sequences); the bytes of a
 * sequence are waited for 30 ms each. false at end of input. */
static bool lin_key(struct ui_keyev *k)
{
	unsigned char buf[KEYS_SEQ_MAX];
	size_t n = 0;
	int c = lin_byte(-1);

	if (c < 0)
		return false;
	buf[n++] = (unsigned char)c;
	while (!keys_decode(buf, n, false, k)) {
		int d = lin_byte(30);

		if (d < 0) {
			keys_decode(buf, n, true, k);
			break;
		}
		buf[n++] = (unsigned char)d;
	}
	return true;
}

/* Reads a line (for / and :) with the terminal's own line editing and echo. */
static bool lin_line(const char *prompt, char *buf, size_t n)
{
	size_t len = 0;
	bool got = false;

	fputs(prompt, stdout);
	fflush(stdout);
	lin_set_raw(false);
	for (;;) {
		int c = lin_byte(-1);

		if (c < 0)
			break;
		got = true;
		if (c == '\n' || c == '\r')
			break;
		if (len + 1 < n)
			buf[len++] = (char)c;
	}
	buf[len] = '\0';
	lin_set_raw(true);
	if (!isatty(STDIN_FILENO))
		putchar('\n'); /* the input was not echoed */
	return got;
}

static void lin_print_event(struct tui *ui, int *last_step)
{
	const struct trace *t = &ui->s->trace;
	int si = view_step_of(t, ui->v.cur);
	struct strbuf sb;

	if (ui->v.cur < 0)
		return;
	if (si != *last_step && si >= 0) {
		const char *cap = view_caption(&ui->v, si);

		printf(_("step %d/%zu: %s%s%s\n"), si + 1, t->nsteps, view_step_label(&ui->v, si),
		       cap[0] ? ". " : "", cap);
		*last_step = si;
	}
	strbuf_init(&sb);
	view_narrate(t, ui->v.cur, ui->utf8, &sb);
	printf("%s\n", sb.buf);
	strbuf_release(&sb);
	ui->shown++;
}

static void lin_help(void)
{
	size_t n;
	const struct key_help *kh = keys_help(&n);

	printf(_("keys (--linear): Enter or Space next, Backspace or h back, q quit; also:\n"));
	for (size_t i = 0; i < n; i++)
		printf("  %-16s %s\n", kh[i].keys, kh[i].help);
}

/* Runs a console line (`:`) and prints what the console printed. */
static void lin_console(struct tui *ui, const char *line)
{
	size_t before = ui->con.nout;

	console_run(&ui->con, line);
	for (size_t i = before; i < ui->con.nout; i++)
		if (ui->con.kind[i] != CON_ECHO)
			printf("%s\n", ui->con.out[i]);
	if (ui->con.changed) {
		ui->con.changed = false;
		tui_go(ui, ui->v.cur);
	}
}

int tui_linear_loop(struct session *s, const struct tui_opts *o)
{
	struct tui ui;
	int last_step = -2, printed = -1;
	bool eof = false;

	tui_setup(&ui, s, o);
	ui.linear = true;
	ui.utf8 = o->utf8;
	if (ui.msg[0])
		printf("%s\n", ui.msg);
	ui.msg[0] = '\0';
	printf(_("pktpath: %s (%d events, %zu steps). Enter next, Backspace back, ? keys, q "
		 "quit.\n"),
	       view_title(&ui.v) ? view_title(&ui.v) : s->title, tui_nevents(&ui), s->trace.nsteps);
	signal(SIGINT, lin_signal);
	signal(SIGTERM, lin_signal);
	signal(SIGHUP, lin_signal);
	lin_set_raw(true);
	util_set_fatal_hook(lin_restore);
	while (!ui.quit) {
		struct ui_keyev k;
		enum action a;
		char line[256];

		if (ui.v.cur != printed) {
			lin_print_event(&ui, &last_step);
			printed = ui.v.cur;
		}
		if (ui.msg[0]) {
			printf("%s\n", ui.msg);
			ui.msg[0] = '\0';
		}
		fflush(stdout);
		if (ui.exit_after > 0 && ui.shown >= ui.exit_after)
			break;
		if (eof || ui.exit_after > 0) {
			/* end of input (or --exit-after): the rest of the scene, then exit */
			int n = tui_next_vis(&ui, ui.v.cur, 1);

			if (n < 0)
				break;
			tui_go(&ui, n);
			continue;
		}
		if (!lin_key(&k)) {
			eof = true;
			continue;
		}
		a = k.k == UK_ENTER ? ACT_NEXT : keys_action(&k, false);
		if (k.k == UK_CHAR && k.ch >= '0' && k.ch <= '9') {
			tui_view_key(&ui, &k);
			tui_make_prompt(&ui);
			if (ui.v.prompt)
				printf("%s\n", ui.v.prompt);
			continue;
		}
		switch (a) {
		case ACT_SEARCH:
			if (lin_line(_("search: "), line, sizeof(line)) && line[0]) {
				snprintf(ui.pat, sizeof(ui.pat), "%.63s", line);
				ui.search_origin = ui.v.cur;
				tui_search_commit(&ui);
				if (ui.search[0] && strcmp(ui.search, ui.pat) == 0)
					tui_search_next(&ui, 1);
			}
			break;
		case ACT_CONSOLE:
			if (lin_line("console> ", line, sizeof(line)))
				lin_console(&ui, line);
			break;
		case ACT_LESSONS: /* the list; `open N` at the console prompt opens one */
			lin_console(&ui, "lessons");
			break;
		case ACT_HELP:
			lin_help();
			break;
		case ACT_SAY: { /* the step's narration again, whole */
			int si = view_step_of(ui.v.t, ui.v.cur);
			const char *cap = view_caption(&ui.v, si);

			printf("%s\n", cap[0] ? cap : _("(this step has no narration)"));
			break;
		}
		case ACT_PRESENT:
		case ACT_BLANK:
		case ACT_THEME:
		case ACT_THEME_CYCLE:
		case ACT_ZOOM:
		case ACT_PANE:
		case ACT_PLAY:
		case ACT_REDRAW:
		case ACT_FASTER:
		case ACT_SLOWER:
			break; /* screen-only */
		case ACT_LEAVE:
			ui.count = 0;
			ui.gpend = false;
			break;
		case ACT_INSPECT:
		default:
			tui_view_key(&ui, &k);
			if ((a == ACT_HOST_NEXT || a == ACT_HOST_PREV) && !ui.msg[0])
				snprintf(ui.msg, sizeof(ui.msg), _("focus: %s"),
					 tui_pane_name(ui.v.focus));
			break;
		}
		if (ui.count || ui.gpend) {
			tui_make_prompt(&ui);
			if (ui.v.prompt)
				printf("%s\n", ui.v.prompt);
		}
	}
	lin_restore();
	util_set_fatal_hook(NULL);
	console_release(&ui.con);
	fflush(stdout);
	return 0;
}
