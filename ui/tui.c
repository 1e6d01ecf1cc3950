/*
 * tui: the interactive front end and `pktpath render`. The loop is poll() on stdin
 * with no timeout while paused (no wake-ups at all) and the play interval while
 * playing; every key becomes an action (ui/keys.c) that changes the cursor or a mode,
 * and then the view is rendered to a frame (ui/render.c) and blitted (ui/term.c).
 *
 * The cursor is an event index into the immutable trace; the model shown with it is
 * rebuilt by replaying the scene up to that event (session.c), so going back shows
 * exactly what was shown before. Resizing re-lays out at the same cursor.
 *
 * While the console (ui/console.c) has focus, keys go to readline except the ★ keys
 * of ux-anchors.md c2 (PgDn, PgUp, F5, Esc), which are taken out first; the terminal is
 * in raw mode then, so Ctrl-C is a key (clear the line) and not SIGINT.
 */
#include "tui.h"

#include <errno.h>
#include <locale.h>
#include <langinfo.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../src/scene.h"
#include "console.h"
#include "frame.h"
#include "keys.h"
#include "session.h"
#include "term.h"
#include "view.h"

static const int play_ms[] = { 2000, 1200, 700, 400, 200 }; /* speed 1..5 */

struct tui {
	struct session *s;
	struct view v;
	struct render_hits hits;
	struct console con;
	char msg[128];
	bool quit;
};

static int tui_nevents(const struct tui *ui)
{
	return (int)ui->s->trace.n;
}

static void go(struct tui *ui, int ev)
{
	int n = tui_nevents(ui);

	if (n == 0) {
		ui->v.cur = -1;
		return;
	}
	if (ev < 0)
		ev = 0;
	if (ev >= n)
		ev = n - 1;
	ui->v.cur = ev;
}

static void next_step(struct tui *ui, int dir)
{
	const struct trace *t = &ui->s->trace;
	int si = view_step_of(t, ui->v.cur);

	if (t->nsteps == 0) {
		go(ui, dir > 0 ? tui_nevents(ui) - 1 : 0);
		return;
	}
	if (dir < 0 && si >= 0 && ui->v.cur > t->steps[si].first) {
		go(ui, t->steps[si].first);
		return;
	}
	for (int i = si + dir; i >= 0 && (size_t)i < t->nsteps; i += dir) {
		if (t->steps[i].count > 0) {
			go(ui, t->steps[i].first);
			return;
		}
	}
	snprintf(ui->msg, sizeof(ui->msg), "%s", dir > 0 ? "last step" : "first step");
}

static void do_action(struct tui *ui, enum action a)
{
	struct view *v = &ui->v;
	size_t nh = ui->s->sim ? ui->s->sim->nhosts : 0;

	switch (a) {
	case ACT_NONE:
		break;
	case ACT_NEXT:
		if (v->cur + 1 >= tui_nevents(ui))
			snprintf(ui->msg, sizeof(ui->msg), "end of the scene");
		go(ui, v->cur + 1);
		break;
	case ACT_PREV:
		if (v->cur <= 0)
			snprintf(ui->msg, sizeof(ui->msg), "start of the scene");
		go(ui, v->cur - 1);
		break;
	case ACT_NEXT_STEP:
		next_step(ui, 1);
		break;
	case ACT_PREV_STEP:
		next_step(ui, -1);
		break;
	case ACT_FIRST:
		go(ui, 0);
		break;
	case ACT_LAST:
		go(ui, tui_nevents(ui) - 1);
		break;
	case ACT_PLAY:
		v->playing = !v->playing;
		if (v->playing && v->cur + 1 >= tui_nevents(ui))
			go(ui, 0);
		break;
	case ACT_FASTER:
		if (v->speed < 5)
			v->speed++;
		snprintf(ui->msg, sizeof(ui->msg), "speed %d/5", v->speed);
		break;
	case ACT_SLOWER:
		if (v->speed > 1)
			v->speed--;
		snprintf(ui->msg, sizeof(ui->msg), "speed %d/5", v->speed);
		break;
	case ACT_RESET:
		v->playing = false;
		go(ui, 0);
		snprintf(ui->msg, sizeof(ui->msg), "reset");
		break;
	case ACT_PRESENT:
		v->presenter = true;
		v->help = false;
		break;
	case ACT_LEAVE:
		if (v->help)
			v->help = false;
		else
			v->presenter = false;
		break;
	case ACT_BLANK:
		v->blank = true;
		break;
	case ACT_THEME:
		v->theme = (enum theme)((v->theme + 1) % THEME__COUNT);
		term_set_theme(v->theme);
		snprintf(ui->msg, sizeof(ui->msg), "theme %s%s", theme_name(v->theme),
			 term_has_colour() ? "" : " (no colour: NO_COLOR or terminal)");
		break;
	case ACT_HOST_NEXT:
	case ACT_HOST_PREV:
		if (nh) {
			int cur = v->sel_host;

			if (cur < 0) {
				const struct trace_event *e = v->cur >= 0 ? &ui->s->trace.ev[v->cur] : NULL;

				cur = e ? e->host : 0;
			}
			cur = (int)((cur + (a == ACT_HOST_NEXT ? 1 : (int)nh - 1)) % (int)nh);
			v->sel_host = cur;
			snprintf(ui->msg, sizeof(ui->msg), "host %s", ui->s->sim->hosts[cur]->name);
		}
		break;
	case ACT_CONSOLE: {
		const struct trace_event *e = v->cur >= 0 ? &ui->s->trace.ev[v->cur] : NULL;
		const char *hint = e ? e->host_name : NULL;
		int w, h;

		if (v->sel_host >= 0 && ui->s->sim && (size_t)v->sel_host < ui->s->sim->nhosts)
			hint = ui->s->sim->hosts[v->sel_host]->name;
		term_size(&w, &h);
		if (console_focus(&ui->con, hint, w, h))
			term_set_raw(true);
		else
			snprintf(ui->msg, sizeof(ui->msg), "console: cannot start readline");
		break;
	}
	case ACT_PANE:
		ui->con.pane = !ui->con.pane;
		break;
	case ACT_HELP:
		v->help = !v->help;
		break;
	case ACT_REDRAW:
		term_force_redraw();
		break;
	case ACT_QUIT:
		ui->quit = true;
		break;
	case ACT__COUNT:
		break;
	}
}

static void pane_scroll(struct tui *ui, int lines)
{
	int w, h;

	term_size(&w, &h);
	console_scroll(&ui->con, lines, view_console_pane_lines(h));
}

static void console_leave(struct tui *ui)
{
	console_unfocus(&ui->con);
	term_set_raw(false);
}

/* A key while the console has focus: the ★ keys act on the view, the rest edit. */
static void console_handle_key(struct tui *ui, const struct ui_keyev *k, bool meta)
{
	switch (k->k) {
	case UK_PGDN:
		do_action(ui, ACT_NEXT);
		return;
	case UK_PGUP:
		do_action(ui, ACT_PREV);
		return;
	case UK_F5:
		console_leave(ui);
		do_action(ui, ACT_PRESENT);
		return;
	case UK_F10:
		do_action(ui, ACT_QUIT);
		return;
	case UK_ESC:
		if (!console_escape(&ui->con))
			console_leave(ui);
		return;
	case UK_CTRL_L:
		term_force_redraw();
		return;
	case UK_WHEEL_UP:
	case UK_SUP:
		pane_scroll(ui, 1);
		return;
	case UK_WHEEL_DOWN:
	case UK_SDOWN:
		pane_scroll(ui, -1);
		return;
	case UK_CLICK:
	case UK_NONE:
	case UK_RESIZE:
		return;
	default:
		break;
	}
	console_key(&ui->con, k, meta);
	if (!ui->con.focused) /* exit or Ctrl-D */
		term_set_raw(false);
	if (ui->con.msg[0]) {
		snprintf(ui->msg, sizeof(ui->msg), "%s", ui->con.msg);
		ui->con.msg[0] = '\0';
	}
	if (ui->con.changed) { /* the timeline changed: the cursor is on the edit */
		ui->con.changed = false;
		ui->v.playing = false;
		go(ui, ui->v.cur);
	}
}

static void handle_key(struct tui *ui, const struct ui_keyev *k)
{
	enum action a;

	if (k->k == UK_RESIZE) {
		int w, h;

		term_size(&w, &h);
		console_resize(&ui->con, w, h);
		return;
	}
	if (k->k == UK_NONE)
		return;
	if (ui->con.focused && !ui->v.presenter && !ui->v.blank) {
		console_handle_key(ui, k, false);
		return;
	}
	if ((k->k == UK_SUP || k->k == UK_SDOWN) && ui->con.pane) {
		pane_scroll(ui, k->k == UK_SUP ? 1 : -1);
		return;
	}
	if (ui->v.blank) { /* any key resumes, and does nothing else */
		ui->v.blank = false;
		return;
	}
	if (k->k == UK_CLICK) {
		struct rect r = ui->hits.events;

		if (r.w > 0 && k->x >= r.x && k->x < r.x + r.w && k->y >= r.y && k->y < r.y + r.h)
			go(ui, ui->hits.ev_first + (k->y - r.y));
		return;
	}
	a = keys_action(k, ui->v.presenter);
	if (ui->v.help && a != ACT_HELP && a != ACT_LEAVE && a != ACT_QUIT) {
		ui->v.help = false; /* any other key closes the help */
		return;
	}
	do_action(ui, a);
}

static void redraw(struct tui *ui, struct frame *f)
{
	int w, h;

	term_size(&w, &h);
	if (w != f->w || h != f->h)
		frame_resize(f, w, h);
	ui->v.sim = session_state_at(ui->s, ui->v.cur);
	ui->v.msg = ui->msg[0] ? ui->msg : NULL;
	ui->v.con = console_view(&ui->con);
	ui_render(f, &ui->v);
	term_set_cursor(ui->hits.cursor_x, ui->hits.cursor_y);
	term_blit(f);
	ui->msg[0] = '\0';
}

static void fatal_hook(void)
{
	term_stop();
}

static int tui_loop(struct session *s, const struct tui_opts *o)
{
	struct tui ui;
	struct frame f;

	memset(&ui, 0, sizeof(ui));
	ui.s = s;
	ui.v.t = &s->trace;
	ui.v.title = s->title;
	ui.v.sel_host = -1;
	ui.v.speed = 3;
	ui.v.theme = o->theme;
	ui.v.presenter = o->presenter;
	ui.v.hits = &ui.hits;
	console_init(&ui.con, s, &ui.v.cur);
	go(&ui, 0);
	if (s->rc && s->out.err.len)
		snprintf(ui.msg, sizeof(ui.msg), "scene: %.*s", (int)strcspn(s->out.err.buf, "\n"), s->out.err.buf);

	if (!term_start(o->mouse)) {
		fprintf(stderr, "pktpath: cannot start the terminal UI (TERM=%s)\n",
			getenv("TERM") ? getenv("TERM") : "");
		return 1;
	}
	util_set_fatal_hook(fatal_hook);
	term_set_theme(ui.v.theme);
	frame_init(&f, 1, 1, o->ascii);
	redraw(&ui, &f);
	while (!ui.quit) {
		struct pollfd pfd = { .fd = STDIN_FILENO, .events = POLLIN };
		int timeout = ui.v.playing ? play_ms[ui.v.speed - 1] : -1;
		int r = poll(&pfd, 1, timeout);
		struct ui_keyev k;
		bool any = false;

		if (r < 0 && errno != EINTR)
			break;
		if (r == 0 && ui.v.playing) {
			if (ui.v.cur + 1 < tui_nevents(&ui))
				go(&ui, ui.v.cur + 1);
			else
				ui.v.playing = false;
			any = true;
		}
		if (pfd.revents & (POLLHUP | POLLERR | POLLNVAL))
			break;
		/* EINTR is SIGWINCH: curses then reports KEY_RESIZE */
		while (!ui.quit && term_read_key(&k)) {
			struct ui_keyev k2;

			any = true;
			/* in the console, Esc with a key right behind it is Alt-key (M-b, M-f…) */
			if (k.k == UK_ESC && ui.con.focused && !ui.v.presenter && term_read_key(&k2)) {
				if (k2.k == UK_CHAR || k2.k == UK_BACKSPACE || k2.k == UK_ENTER) {
					console_handle_key(&ui, &k2, true);
					continue;
				}
				handle_key(&ui, &k);
				if (!ui.quit)
					handle_key(&ui, &k2);
				continue;
			}
			handle_key(&ui, &k);
		}
		if (any)
			redraw(&ui, &f);
	}
	frame_release(&f);
	console_release(&ui.con);
	term_stop();
	util_set_fatal_hook(NULL);
	return 0;
}

/* ---- command line ---- */

static void ensure_utf8_ctype(void)
{
	setlocale(LC_ALL, "");
	if (strcmp(nl_langinfo(CODESET), "UTF-8") != 0)
		setlocale(LC_CTYPE, "C.UTF-8"); /* for wcwidth(); output bytes are UTF-8 anyway */
}

static int load(struct session *s, const char *file)
{
	char *text;

	if (!file) {
		session_open(s, scene_builtin_default(), "default.scene");
		return 0;
	}
	text = session_read_file(file);
	if (!text) {
		fprintf(stderr, "pktpath: %s: %s\n", file, strerror(errno));
		return -1;
	}
	session_open(s, text, file);
	free(text);
	return 0;
}

static bool parse_size(const char *s, int *w, int *h)
{
	char *end;
	long a = strtol(s, &end, 10), b;

	if (end == s || (*end != 'x' && *end != 'X'))
		return false;
	s = end + 1;
	b = strtol(s, &end, 10);
	if (end == s || *end || a < 1 || b < 1 || a > 10000 || b > 10000)
		return false;
	*w = (int)a;
	*h = (int)b;
	return true;
}

int tui_main(int argc, char **argv)
{
	struct tui_opts o = { .theme = THEME_DARK, .mouse = true };
	const char *file = NULL;
	struct session s;
	int rc;

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--no-mouse") == 0)
			o.mouse = false;
		else if (strcmp(argv[i], "--ascii") == 0)
			o.ascii = true;
		else if (strcmp(argv[i], "--presenter") == 0)
			o.presenter = true;
		else if (strcmp(argv[i], "--theme") == 0 && i + 1 < argc) {
			int t = theme_parse(argv[++i]);

			if (t < 0) {
				fprintf(stderr, "pktpath: unknown theme \"%s\" (dark, light, contrast, mono)\n", argv[i]);
				return 2;
			}
			o.theme = (enum theme)t;
		} else if (argv[i][0] == '-' && argv[i][1]) {
			fprintf(stderr, "pktpath: unknown option %s\n", argv[i]);
			return 2;
		} else if (!file)
			file = argv[i];
		else {
			fprintf(stderr, "pktpath: one scene at a time\n");
			return 2;
		}
	}
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		fprintf(stderr, "pktpath: the TUI needs a terminal; try `pktpath render` or `pktpath trace`\n");
		return 2;
	}
	ensure_utf8_ctype();
	if (load(&s, file) < 0)
		return 2;
	rc = tui_loop(&s, &o);
	session_close(&s);
	return rc;
}

int render_main(int argc, char **argv)
{
	const char *file = NULL;
	int w = 80, h = 24, step = -1, event = -1, theme = THEME_DARK;
	bool ascii = false, presenter = false;
	struct session s;
	struct frame f;
	struct view v;
	struct strbuf sb;

	for (int i = 2; i < argc; i++) {
		const char *a = argv[i];
		const char *val = i + 1 < argc ? argv[i + 1] : NULL;

		if (strcmp(a, "--ascii") == 0)
			ascii = true;
		else if (strcmp(a, "--presenter") == 0)
			presenter = true;
		else if (strcmp(a, "--step") == 0 && val) {
			step = atoi(val);
			i++;
		} else if (strcmp(a, "--event") == 0 && val) {
			event = atoi(val);
			i++;
		} else if (strcmp(a, "--size") == 0 && val) {
			if (!parse_size(val, &w, &h)) {
				fprintf(stderr, "pktpath render: bad size \"%s\" (want WxH)\n", val);
				return 2;
			}
			i++;
		} else if (strcmp(a, "--theme") == 0 && val) {
			theme = theme_parse(val);
			if (theme < 0) {
				fprintf(stderr, "pktpath render: unknown theme \"%s\"\n", val);
				return 2;
			}
			i++;
		} else if (a[0] == '-' && a[1]) {
			fprintf(stderr,
				"usage: pktpath render [SCENE] [--step N] [--event N] [--size WxH] [--theme T] [--ascii] "
				"[--presenter]\n");
			return 2;
		} else if (!file)
			file = a;
		else {
			fprintf(stderr, "pktpath render: one scene at a time\n");
			return 2;
		}
	}
	ensure_utf8_ctype();
	if (load(&s, file) < 0)
		return 2;
	memset(&v, 0, sizeof(v));
	v.t = &s.trace;
	v.title = s.title;
	v.sel_host = -1;
	v.speed = 3;
	v.theme = (enum theme)theme;
	v.presenter = presenter;
	v.cur = s.trace.n ? 0 : -1;
	if (step > 0 && s.trace.nsteps) {
		/* --step N: the screen once step N has been fully revealed (its last event) */
		size_t si = (size_t)step > s.trace.nsteps ? s.trace.nsteps - 1 : (size_t)step - 1;
		const struct trace_step *st = &s.trace.steps[si];

		v.cur = st->count ? st->first + st->count - 1 : st->first - 1;
		if (v.cur < 0)
			v.cur = s.trace.n ? 0 : -1;
	}
	if (event > 0 && s.trace.n)
		v.cur = (size_t)event > s.trace.n ? (int)s.trace.n - 1 : event - 1;
	v.sim = session_state_at(&s, v.cur);
	frame_init(&f, w, h, ascii);
	ui_render(&f, &v);
	strbuf_init(&sb);
	frame_dump(&f, &sb);
	fwrite(sb.buf, 1, sb.len, stdout);
	strbuf_release(&sb);
	frame_release(&f);
	session_close(&s);
	return 0;
}
