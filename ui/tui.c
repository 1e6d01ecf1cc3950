/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * tui: the interactive front end (--linear, without curses, is linear.c; both share
 * tui-int.h). The loop is poll() on stdin
 * with no timeout while paused (no wake-ups at all); while playing it wakes for the
 * next event and, while the packet's token travels, for each frame of its motion
 * (ui/play.c); every key becomes an action (ui/keys.c) that changes the cursor or a mode,
 * and then the view is rendered to a frame (ui/render.c) and blitted (ui/term.c).
 *
 * The cursor is an event index into the immutable trace; the model shown with it is
 * rebuilt by replaying the scene up to that event (session.c), so going back shows
 * exactly what was shown before. Resizing re-lays out at the same cursor.
 *
 * While the console (ui/console.c) has focus, keys go to readline except the ★ keys
 * of the keymap (PgDn, PgUp, F5, Esc), which are taken out first; the terminal is
 * in raw mode then, so Ctrl-C is a key (clear the line) and not SIGINT.
 */
#include "tui-int.h"

#include <errno.h>
#include <langinfo.h>
#include <limits.h>
#include <locale.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>
#include <wchar.h>

#include "scene/scene.h"
#include "cli-render.h"
#include "config.h"
#include "console.h"
#include "frame.h"
#include "keys.h"
#include "lessons.h"
#include "play.h"
#include "session.h"
#include "term.h"
#include "view.h"

/* CLOCK_MONOTONIC in milliseconds, for play mode. */
static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int tui_nevents(const struct tui *ui)
{
	return (int)ui->s->trace.n;
}

void tui_go(struct tui *ui, int ev)
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

/* The first visible event strictly after (dir > 0) or before (dir < 0) from; -1 none. */
int tui_next_vis(const struct tui *ui, int from, int dir)
{
	return view_next_vis(&ui->v, from, dir);
}

/* Goes to ev, or the nearest visible event after it, or before it. */
static void go_near(struct tui *ui, int ev)
{
	int n;

	if (ev < 0)
		ev = 0;
	if (ev >= tui_nevents(ui))
		ev = tui_nevents(ui) - 1;
	if (view_ev_visible(&ui->v, ev)) {
		tui_go(ui, ev);
		return;
	}
	n = tui_next_vis(ui, ev, 1);
	if (n < 0)
		n = tui_next_vis(ui, ev, -1);
	if (n >= 0)
		tui_go(ui, n);
	else
		tui_go(ui, ev);
}

static int count_visible(const struct tui *ui)
{
	int k = 0;

	for (int i = 0; i < tui_nevents(ui); i++)
		k += view_ev_visible(&ui->v, i);
	return k;
}

static void next_step(struct tui *ui, int dir)
{
	const struct trace *t = &ui->s->trace;
	int si = view_step_of(t, ui->v.cur);

	if (t->nsteps == 0) {
		go_near(ui, dir > 0 ? tui_nevents(ui) - 1 : 0);
		return;
	}
	if (dir < 0 && si >= 0) {
		int f = tui_next_vis(ui, t->steps[si].first - 1, 1);

		if (f >= 0 && f < ui->v.cur && f < t->steps[si].first + t->steps[si].count) {
			tui_go(ui, f);
			return;
		}
	}
	for (int i = si + dir; i >= 0 && (size_t)i < t->nsteps; i += dir) {
		int f = tui_next_vis(ui, t->steps[i].first - 1, 1);

		if (t->steps[i].count > 0 && f >= 0 && f < t->steps[i].first + t->steps[i].count) {
			tui_go(ui, f);
			return;
		}
	}
	snprintf(ui->msg, sizeof(ui->msg), "%s", dir > 0 ? _("last step") : _("first step"));
}

static int next_beat(const struct tui *ui, int dir)
{
	return view_next_beat(&ui->v, dir);
}

/* <n>G: the first visible event of scene step n (1-based) */
static void goto_step(struct tui *ui, int n)
{
	const struct trace *t = &ui->s->trace;

	if (t->nsteps == 0) {
		snprintf(ui->msg, sizeof(ui->msg), _("this scene has no steps"));
		return;
	}
	if (n > (int)t->nsteps) {
		snprintf(ui->msg, sizeof(ui->msg), _("no step %d: the scene has %zu"), n,
			 t->nsteps);
		n = (int)t->nsteps;
	}
	for (int i = n - 1; i < (int)t->nsteps; i++) {
		int f = tui_next_vis(ui, t->steps[i].first - 1, 1);

		if (t->steps[i].count > 0 && f >= 0) {
			tui_go(ui, f);
			if (i != n - 1)
				snprintf(ui->msg, sizeof(ui->msg),
					 _("step %d shows no events: step %d"), n, i + 1);
			return;
		}
	}
	go_near(ui, tui_nevents(ui) - 1);
}

/* Matches of pat among visible events: how many, and the rank of the cursor's event. */
static int count_matches(const struct tui *ui, const char *pat, int *rank)
{
	int k = 0;

	*rank = 0;
	for (int i = 0; i < tui_nevents(ui); i++) {
		if (!view_ev_visible(&ui->v, i) || !view_ev_match(&ui->s->trace, i, pat))
			continue;
		k++;
		if (i == ui->v.cur)
			*rank = k;
	}
	return k;
}

/* The next visible match of pat from `from` (exclusive) in direction dir, wrapping
 * around; -1 none. *wrapped: it went past the end. */
static int find_match(const struct tui *ui, const char *pat, int from, int dir, bool *wrapped)
{
	int n = tui_nevents(ui);

	*wrapped = false;
	for (int k = 1; k <= n; k++) {
		int i = ((from + dir * k) % n + n) % n;

		if ((dir > 0 && i <= from) || (dir < 0 && i >= from))
			*wrapped = true;
		if (view_ev_visible(&ui->v, i) && view_ev_match(&ui->s->trace, i, pat))
			return i;
	}
	return -1;
}

void tui_search_next(struct tui *ui, int dir)
{
	bool wrapped;
	int m, rank, total;

	if (!ui->search[0]) {
		snprintf(ui->msg, sizeof(ui->msg), _("no search yet: press / and type"));
		return;
	}
	m = find_match(ui, ui->search, ui->v.cur, dir, &wrapped);
	if (m < 0) {
		snprintf(ui->msg, sizeof(ui->msg), _("no match for /%s"), ui->search);
		return;
	}
	tui_go(ui, m);
	total = count_matches(ui, ui->search, &rank);
	snprintf(ui->msg, sizeof(ui->msg), _("match %d/%d for /%s%s"), rank, total, ui->search,
		 wrapped ? (dir > 0 ? _(" (wrapped to the top)") : _(" (wrapped to the bottom)"))
			 : "");
}

/* Live search: the first visible match at or after where the search started. */
static void search_live(struct tui *ui)
{
	bool wrapped;
	int m;

	if (!ui->pat[0]) {
		tui_go(ui, ui->search_origin);
		return;
	}
	m = view_ev_visible(&ui->v, ui->search_origin) &&
			    view_ev_match(&ui->s->trace, ui->search_origin, ui->pat)
		    ? ui->search_origin
		    : find_match(ui, ui->pat, ui->search_origin, 1, &wrapped);
	tui_go(ui, m >= 0 ? m : ui->search_origin);
}

void tui_search_commit(struct tui *ui)
{
	int rank, total;

	ui->searching = false;
	if (!ui->pat[0])
		return;
	snprintf(ui->search, sizeof(ui->search), "%s", ui->pat);
	ui->v.search = ui->search;
	total = count_matches(ui, ui->search, &rank);
	if (total == 0)
		snprintf(ui->msg, sizeof(ui->msg), _("no match for /%s"), ui->search);
	else
		snprintf(ui->msg, sizeof(ui->msg), _("match %d/%d for /%s (n/N next/prev)"), rank,
			 total, ui->search);
}

static const char *host_name_of(const struct tui *ui, int h)
{
	const struct sim *sim = ui->s->sim;

	return sim && h >= 0 && (size_t)h < sim->nhosts ? sim->hosts[h]->name : "?";
}

static int cur_host(const struct tui *ui)
{
	if (ui->v.sel_host >= 0)
		return ui->v.sel_host;
	if (ui->v.cur >= 0 && ui->v.cur < tui_nevents(ui))
		return ui->s->trace.ev[ui->v.cur].host;
	return 0;
}

static void next_filter(struct tui *ui)
{
	char d[96];

	for (int tries = 0; tries < FILTER_PRESETS; tries++) {
		ui->filter_i = (ui->filter_i + 1) % FILTER_PRESETS;
		ui->v.filter = filter_preset(ui->filter_i);
		ui->v.filter_host = cur_host(ui);
		if (!ui->v.filter || count_visible(ui) > 0)
			break; /* a preset that hides every event is skipped */
	}
	go_near(ui, ui->v.cur);
	if (!ui->v.filter) {
		snprintf(ui->msg, sizeof(ui->msg), _("filter off: all %d events"), tui_nevents(ui));
		return;
	}
	filter_describe(ui->v.filter, host_name_of(ui, ui->v.filter_host), d, sizeof(d));
	if (ui->linear)
		snprintf(ui->msg, sizeof(ui->msg), _("filter %s: %d of %d events"), d,
			 count_visible(ui), tui_nevents(ui));
	else /* the status line names the filter already */
		snprintf(ui->msg, sizeof(ui->msg), _("%d of %d events shown"), count_visible(ui),
			 tui_nevents(ui));
}

const char *tui_pane_name(enum pane p)
{
	switch (p) {
	case PANE_HOST:
		return _("host");
	case PANE_CARD:
		return _("packet card");
	case PANE_ROUTES:
		return _("routes");
	default:
		return _("events");
	}
}

/* Tab: events → each host → packet card → routes → events */
static void cycle_focus(struct tui *ui, int dir)
{
	int nh = ui->s->sim ? (int)ui->s->sim->nhosts : 0, total = nh + 3, pos;
	struct view *v = &ui->v;

	switch (v->focus) {
	case PANE_HOST:
		pos = 1 + (v->sel_host >= 0 ? v->sel_host : 0);
		break;
	case PANE_CARD:
		pos = nh + 1;
		break;
	case PANE_ROUTES:
		pos = nh + 2;
		break;
	default:
		pos = 0;
		break;
	}
	pos = ((pos + dir) % total + total) % total;
	if (pos == 0)
		v->focus = PANE_EVENTS;
	else if (pos <= nh) {
		v->focus = PANE_HOST;
		v->sel_host = pos - 1;
		snprintf(ui->msg, sizeof(ui->msg), _("host %s (its routes; z zooms)"),
			 host_name_of(ui, v->sel_host));
		return;
	} else
		v->focus = pos == nh + 1 ? PANE_CARD : PANE_ROUTES;
	snprintf(ui->msg, sizeof(ui->msg), _("focus: %s (z zooms)"), tui_pane_name(v->focus));
}

/* Moving the cursor: beats, steps, ends, search, filter */
static bool act_motion(struct tui *ui, enum action a)
{
	struct view *v = &ui->v;
	int n;

	switch (a) {
	case ACT_NEXT:
		n = next_beat(ui, 1);
		if (n < 0)
			snprintf(ui->msg, sizeof(ui->msg), _("end of the scene"));
		else
			tui_go(ui, n);
		return true;
	case ACT_PREV:
		n = next_beat(ui, -1);
		if (n < 0 && v->beat != BEAT_EVENT)
			n = tui_next_vis(ui, -1,
					 1); /* before the first hop or step end: the start */
		if (n < 0 || n == v->cur)
			snprintf(ui->msg, sizeof(ui->msg), _("start of the scene"));
		else
			tui_go(ui, n);
		return true;
	case ACT_NEXT_STEP:
		next_step(ui, 1);
		return true;
	case ACT_PREV_STEP:
		next_step(ui, -1);
		return true;
	case ACT_FIRST:
		go_near(ui, 0);
		return true;
	case ACT_LAST:
		n = tui_next_vis(ui, tui_nevents(ui), -1);
		tui_go(ui, n >= 0 ? n : tui_nevents(ui) - 1);
		return true;
	case ACT_SEARCH:
		ui->searching = true;
		ui->pat[0] = '\0';
		ui->search_origin = v->cur;
		return true;
	case ACT_SEARCH_NEXT:
		tui_search_next(ui, 1);
		return true;
	case ACT_SEARCH_PREV:
		tui_search_next(ui, -1);
		return true;
	case ACT_FILTER:
		next_filter(ui);
		return true;
	default:
		return false;
	}
}

/* Play mode and its speed */
static bool act_play(struct tui *ui, enum action a)
{
	struct view *v = &ui->v;
	int n;

	switch (a) {
	case ACT_PLAY:
		v->playing = !v->playing;
		if (v->playing && tui_next_vis(ui, v->cur, 1) < 0)
			go_near(ui, 0);
		else if (v->playing) { /* at the end of a step, play starts the next one */
			n = tui_next_vis(ui, v->cur, 1);
			if (view_step_of(&ui->s->trace, n) != view_step_of(&ui->s->trace, v->cur))
				tui_go(ui, n);
		}
		return true;
	case ACT_FASTER:
		if (v->speed < 5)
			v->speed++;
		snprintf(ui->msg, sizeof(ui->msg), _("speed %d/5"), v->speed);
		return true;
	case ACT_SLOWER:
		if (v->speed > 1)
			v->speed--;
		snprintf(ui->msg, sizeof(ui->msg), _("speed %d/5"), v->speed);
		return true;
	case ACT_RESET:
		v->playing = false;
		go_near(ui, 0);
		snprintf(ui->msg, sizeof(ui->msg), "reset");
		return true;
	default:
		return false;
	}
}

/* Modes, panes and looks */
static bool act_mode(struct tui *ui, enum action a)
{
	struct view *v = &ui->v;

	switch (a) {
	case ACT_BEAT:
		v->beat = (enum beat)((v->beat + 1) % BEAT__COUNT);
		ui->beat_set = true;
		snprintf(ui->msg, sizeof(ui->msg), _("beat: %s"), beat_name(v->beat));
		return true;
	case ACT_PRESENT:
		v->presenter = true;
		v->help = false;
		if (!ui->beat_set) /* a presenter steps by hops unless the beat was chosen */
			v->beat = BEAT_HOP;
		return true;
	case ACT_LEAVE:
		if (v->help)
			v->help = false;
		else if (v->presenter) {
			v->presenter = false;
			if (!ui->beat_set)
				v->beat = BEAT_EVENT;
		} else if (v->zoom)
			v->zoom = false;
		else if (v->inspect >= 0)
			v->inspect = -1;
		return true;
	case ACT_BLANK:
		v->blank = true;
		return true;
	case ACT_THEME:
	case ACT_THEME_CYCLE:
		if (a == ACT_THEME)
			v->theme = v->theme == THEME_LIGHT ? THEME_DARK : THEME_LIGHT;
		else
			v->theme = (enum theme)((v->theme + 1) % THEME__COUNT);
		term_set_theme(v->theme);
		snprintf(ui->msg, sizeof(ui->msg), _("theme %s (%s)"), theme_name(v->theme),
			 term_colour_desc());
		return true;
	case ACT_HOST_NEXT:
	case ACT_HOST_PREV:
		cycle_focus(ui, a == ACT_HOST_NEXT ? 1 : -1);
		return true;
	case ACT_ZOOM:
		v->zoom = !v->zoom; /* the status line shows it */
		return true;
	case ACT_INSPECT:
		v->inspect = v->inspect + 1 >= FIELD__COUNT ? -1 : v->inspect + 1;
		if (v->inspect >= 0)
			snprintf(ui->msg, sizeof(ui->msg),
				 _("inspect %s: where its value came from (Enter: next field)"),
				 view_field_name(v->inspect));
		else
			snprintf(ui->msg, sizeof(ui->msg), _("inspect off"));
		return true;
	case ACT_PANE:
		ui->con.pane = !ui->con.pane;
		return true;
	case ACT_HELP:
		v->help = !v->help;
		v->help_scroll = 0;
		return true;
	case ACT_SAY:
		v->say = !v->say;
		return true;
	case ACT_REDRAW:
		term_force_redraw();
		return true;
	case ACT_QUIT:
		ui->quit = true;
		return true;
	default:
		return false;
	}
}

/* The console, and the lessons menu in it */
static bool act_console(struct tui *ui, enum action a)
{
	struct view *v = &ui->v;

	switch (a) {
	case ACT_CONSOLE:
	case ACT_LESSONS: {
		const struct trace_event *e = v->cur >= 0 ? &ui->s->trace.ev[v->cur] : NULL;
		const char *hint = e ? e->host_name : NULL;
		int w, h;

		if (v->sel_host >= 0 && ui->s->sim && (size_t)v->sel_host < ui->s->sim->nhosts)
			hint = ui->s->sim->hosts[v->sel_host]->name;
		term_size(&w, &h);
		if (console_focus(&ui->con, hint, w, h)) {
			term_set_raw(true);
			if (a == ACT_LESSONS)
				console_lessons_menu(&ui->con);
		} else {
			snprintf(ui->msg, sizeof(ui->msg), _("console: cannot start readline"));
		}
		return true;
	}
	default:
		return false;
	}
}

static void do_action(struct tui *ui, enum action a)
{
	if (!act_motion(ui, a) && !act_play(ui, a) && !act_mode(ui, a))
		act_console(ui, a);
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
		tui_go(ui, ui->v.cur);
	}
}

/* A key while the search prompt is open: typing edits the pattern and jumps live. */
static void search_key(struct tui *ui, const struct ui_keyev *k)
{
	size_t len = strlen(ui->pat);

	switch (k->k) {
	case UK_ESC:
		ui->searching = false;
		tui_go(ui, ui->search_origin);
		snprintf(ui->msg, sizeof(ui->msg), _("search cancelled"));
		return;
	case UK_ENTER:
		tui_search_commit(ui);
		return;
	case UK_BACKSPACE:
		if (len == 0) {
			ui->searching = false;
			tui_go(ui, ui->search_origin);
			return;
		}
		while (len > 0 && ((unsigned char)ui->pat[len - 1] & 0xC0) == 0x80)
			len--; /* a whole UTF-8 character */
		ui->pat[len > 0 ? len - 1 : 0] = '\0';
		search_live(ui);
		return;
	case UK_CHAR: {
		char mb[MB_LEN_MAX];
		mbstate_t st;
		size_t m;

		memset(&st, 0, sizeof(st));
		m = wcrtomb(mb, (wchar_t)k->ch, &st);
		if (m == (size_t)-1 || k->ch < 32 || len + m + 1 > sizeof(ui->pat))
			return;
		memcpy(ui->pat + len, mb, m);
		ui->pat[len + m] = '\0';
		search_live(ui);
		return;
	}
	default:
		return;
	}
}

static bool in_rect(struct rect r, int x, int y)
{
	return r.w > 0 && x >= r.x && x < r.x + r.w && y >= r.y && y < r.y + r.h;
}

static void handle_click(struct tui *ui, const struct ui_keyev *k)
{
	const struct render_hits *h = &ui->hits;
	struct view *v = &ui->v;

	if (in_rect(h->events, k->x, k->y)) {
		int row = k->y - h->events.y;

		if (row < HITS_MAX_ROWS && h->ev_row[row] >= 0)
			tui_go(ui, h->ev_row[row]);
		v->focus = PANE_EVENTS;
		return;
	}
	if (in_rect(h->card, k->x, k->y)) {
		v->focus = PANE_CARD;
		for (int f = 0; f < FIELD__COUNT; f++) {
			if (h->field_y[f] == k->y) {
				v->inspect = f;
				snprintf(ui->msg, sizeof(ui->msg),
					 _("inspect %s: where its value came from"),
					 view_field_name(f));
			}
		}
		return;
	}
	for (int i = 0; i < h->nhosts; i++) {
		if (in_rect(h->host_box[i], k->x, k->y)) {
			v->sel_host = h->host_idx[i];
			v->focus = PANE_HOST;
			snprintf(ui->msg, sizeof(ui->msg), _("host %s (its routes; z zooms)"),
				 host_name_of(ui, v->sel_host));
			return;
		}
	}
	if (in_rect(h->routes, k->x, k->y))
		v->focus = PANE_ROUTES;
}

static bool is_move(enum action a)
{
	return a == ACT_NEXT || a == ACT_PREV || a == ACT_NEXT_STEP || a == ACT_PREV_STEP;
}

/* Keys of the view (not the console): counts, gg, search, help, then the keymap. */
void tui_view_key(struct tui *ui, const struct ui_keyev *k)
{
	enum action a;
	int count;

	if (ui->searching) {
		search_key(ui, k);
		return;
	}
	if (k->k == UK_CHAR && k->ch >= '0' && k->ch <= '9' && (k->ch != '0' || ui->count > 0) &&
	    !ui->v.help) {
		ui->count = ui->count > 99999 ? ui->count : ui->count * 10 + (k->ch - '0');
		ui->gpend = false;
		return;
	}
	if (k->k == UK_ESC && (ui->count || ui->gpend)) {
		ui->count = 0;
		ui->gpend = false;
		return;
	}
	a = keys_action(k, ui->v.presenter);
	if (ui->linear && k->k == UK_ENTER)
		a = ACT_NEXT; /* --linear: Enter steps, as in presenter mode */
	count = ui->count;
	ui->count = 0;
	if (ui->gpend) {
		ui->gpend = false;
		if (a == ACT_GPREFIX) { /* gg, <n>gg */
			if (count > 0)
				go_near(ui, count - 1);
			else
				do_action(ui, ACT_FIRST);
			return;
		}
	}
	if (a == ACT_GPREFIX) {
		ui->gpend = true;
		ui->count = count;
		return;
	}
	if (ui->v.say && a != ACT_HELP) { /* any key closes the narration, and does nothing else */
		ui->v.say = false;
		return;
	}
	if (ui->v.help) {
		int step = ui->linear ? 1 : 5, w = 80, h = 24;

		if (!ui->linear)
			term_size(&w, &h);
		if (a == ACT_NEXT || a == ACT_PREV) {
			ui->v.help_scroll += a == ACT_NEXT ? step : -step;
			if (ui->v.help_scroll > view_help_max_scroll(h))
				ui->v.help_scroll = view_help_max_scroll(h);
			if (ui->v.help_scroll < 0)
				ui->v.help_scroll = 0;
			return;
		}
		if (a != ACT_HELP && a != ACT_LEAVE && a != ACT_QUIT) {
			ui->v.help = false; /* any other key closes the help */
			return;
		}
	}
	if (a == ACT_LAST && count > 0) {
		goto_step(ui, count);
		return;
	}
	if (is_move(a) && count > 1) {
		if (count > tui_nevents(ui))
			count = tui_nevents(ui);
		for (int i = 0; i < count; i++)
			do_action(ui, a);
		return;
	}
	do_action(ui, a);
}

static void handle_key(struct tui *ui, const struct ui_keyev *k)
{
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
		handle_click(ui, k);
		return;
	}
	tui_view_key(ui, k);
}

/* The status-line prompt: the search being typed, or the count of <n>G / <n>gg. */
void tui_make_prompt(struct tui *ui)
{
	ui->v.prompt = NULL;
	ui->v.prompt_input = false;
	if (ui->searching) {
		int rank, total = ui->pat[0] ? count_matches(ui, ui->pat, &rank) : -1;

		if (total < 0)
			snprintf(ui->prompt, sizeof(ui->prompt), "/%s", ui->pat);
		else if (total == 0)
			snprintf(ui->prompt, sizeof(ui->prompt), _("/%s  (no match)"), ui->pat);
		else
			snprintf(ui->prompt, sizeof(ui->prompt),
				 i18n_ngettext("/%s  (%d match)", "/%s  (%d matches)",
					       (unsigned long)total),
				 ui->pat, total);
		ui->v.prompt = ui->prompt;
		ui->v.prompt_input = true;
	} else if (ui->count || ui->gpend) {
		if (ui->count)
			snprintf(ui->prompt, sizeof(ui->prompt),
				 _("go to %d%s: G = step %d, gg = event %d"), ui->count,
				 ui->gpend ? "g" : "", ui->count, ui->count);
		else
			snprintf(ui->prompt, sizeof(ui->prompt), _("g: g = first event"));
		ui->v.prompt = ui->prompt;
	}
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
	tui_make_prompt(ui);
	ui_render(f, &ui->v);
	term_set_cursor(ui->hits.cursor_x, ui->hits.cursor_y);
	term_blit(f);
	ui->msg[0] = '\0';
}

static void fatal_hook(void)
{
	term_stop();
}

void tui_setup(struct tui *ui, struct session *s, const struct tui_opts *o)
{
	memset(ui, 0, sizeof(*ui));
	ui->s = s;
	ui->v.t = &s->trace;
	ui->v.title = s->title;
	ui->v.sel_host = -1;
	ui->v.speed = o->speed >= 1 && o->speed <= 5 ? o->speed : 3;
	ui->v.theme = o->theme;
	ui->v.lang = o->lang;
	ui->v.presenter = o->presenter;
	ui->v.inspect = -1;
	ui->v.hits = &ui->hits;
	ui->exit_after = o->exit_after;
	ui->beat_set = o->beat_set;
	ui->v.beat = o->beat_set ? o->beat : o->presenter ? BEAT_HOP : BEAT_EVENT;
	console_init(&ui->con, s, &ui->v.cur);
	tui_go(ui, o->linear || o->exit_after ? 0 : view_opening_event(&ui->s->trace));
	if (s->rc && s->out.err.len)
		snprintf(ui->msg, sizeof(ui->msg), _("scene: %.*s"),
			 (int)strcspn(s->out.err.buf, "\n"), s->out.err.buf);
	else if (o->note[0])
		snprintf(ui->msg, sizeof(ui->msg), "%.*s", (int)sizeof(ui->msg) - 1, o->note);
}

static int tui_loop(struct session *s, const struct tui_opts *o)
{
	struct tui ui;
	struct frame f;

	tui_setup(&ui, s, o);
	term_set_colour_mode(o->colour);
	if (!term_start(o->mouse)) {
		fprintf(stderr,
			_("pktpath: cannot start the terminal UI (TERM=%s); try --linear\n"),
			getenv("TERM") ? getenv("TERM") : "");
		console_release(&ui.con);
		return 1;
	}
	util_set_fatal_hook(fatal_hook);
	term_set_theme(ui.v.theme);
	frame_init(&f, 1, 1, o->ascii);
	redraw(&ui, &f);
	ui.shown = ui.v.cur >= 0;
	while (!ui.quit) {
		struct pollfd pfd = { .fd = STDIN_FILENO, .events = POLLIN };
		bool auto_step = ui.exit_after > 0;
		int timeout = auto_step ? 40 : play_timeout(&ui.v, &ui.clock, now_ms());
		int r, prev = ui.v.cur, tween = ui.v.tween_left, before_keys;
		struct ui_keyev k;
		bool any = false, was;

		if (auto_step && (ui.shown >= ui.exit_after || tui_next_vis(&ui, ui.v.cur, 1) < 0))
			break; /* --exit-after N: N events shown (or the scene ended) */
		r = poll(&pfd, 1, timeout);
		if (r < 0 && errno != EINTR)
			break;
		if (r == 0 && auto_step) {
			int n = tui_next_vis(&ui, ui.v.cur, 1);

			if (n >= 0)
				tui_go(&ui, n);
			any = true;
		} else if (ui.v.playing && !auto_step && play_tick(&ui.v, &ui.clock, now_ms())) {
			int n = tui_next_vis(&ui, ui.v.cur, 1);

			if (n >= 0 &&
			    view_step_of(&s->trace, n) != view_step_of(&s->trace, ui.v.cur)) {
				/* play stops at the end of each step: the presenter talks, P goes on */
				ui.v.playing = false;
				play_stopped(&ui.v);
				snprintf(ui.msg, sizeof(ui.msg),
					 _("end of step %d: P plays the next"),
					 view_step_of(&s->trace, ui.v.cur) + 1);
			} else if (n >= 0) {
				tui_go(&ui, n);
				play_moved(&ui.v, &ui.clock, prev, now_ms());
			} else {
				ui.v.playing = false;
				play_stopped(&ui.v);
			}
			any = true;
		}
		if (ui.v.tween_left != tween)
			any = true; /* the token moved on */
		was = ui.v.playing;
		before_keys = ui.v.cur;
		if (pfd.revents & (POLLHUP | POLLERR | POLLNVAL))
			break;
		/* EINTR is SIGWINCH: curses then reports KEY_RESIZE */
		while (!ui.quit && term_read_key(&k)) {
			struct ui_keyev k2;

			any = true;
			/* in the console, Esc with a key right behind it is Alt-key (M-b, M-f…) */
			if (k.k == UK_ESC && ui.con.focused && !ui.v.presenter &&
			    term_read_key(&k2)) {
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
		/* P started play, or a key moved while playing: the next event one interval on */
		if (!ui.v.playing)
			play_stopped(&ui.v);
		else if (!was || ui.v.cur != before_keys)
			play_moved(&ui.v, &ui.clock, -1, now_ms());
		if (ui.v.cur != prev)
			ui.shown++;
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

/* Sets the locale from the environment; wcwidth() needs a UTF-8 LC_CTYPE, so a
 * non-UTF-8 locale gets C.UTF-8 for it (output bytes are UTF-8 anyway). Returns
 * whether the user's own locale was UTF-8 (--linear then writes arrows as →). */
static bool parse_int(const char *s, int lo, int hi, int *out)
{
	char *end;
	long v = strtol(s, &end, 10);

	if (end == s || *end || v < lo || v > hi)
		return false;
	*out = (int)v;
	return true;
}

/* --opt=VALUE or --opt VALUE: the value, or NULL when argv[*i] is not --opt */
static const char *opt_value(int argc, char **argv, int *i, const char *opt)
{
	size_t n = strlen(opt);

	if (strncmp(argv[*i], opt, n) != 0)
		return NULL;
	if (argv[*i][n] == '=')
		return argv[*i] + n + 1;
	if (argv[*i][n] == '\0' && *i + 1 < argc)
		return argv[++*i];
	return NULL;
}

int tui_main(int argc, char **argv)
{
	struct tui_opts o = {
		.theme = THEME_DARK, .mouse = true, .lang = lang_from_env(), .speed = 3
	};
	const char *file = NULL, *val, *term = getenv("TERM");
	struct session s;
	struct config cfg;
	bool utf8;
	int rc;

	/* the config file first: options override it; it overrides the environment */
	utf8 = cli_utf8_ctype(); /* before the config file: its key names may be UTF-8 */
	if (config_load(&cfg, stderr) > 0)
		snprintf(o.note, sizeof(o.note), _("config: %s%s"), cfg.first_error,
			 cfg.nerrors > 1 ? _(" (and more: pktpath config)") : _(" (ignored)"));
	if (cfg.value[CFG_THEME] >= 0)
		o.theme = (enum theme)cfg.value[CFG_THEME];
	if (cfg.value[CFG_LANG] >= 0)
		o.lang = (enum lang)cfg.value[CFG_LANG];
	if (cfg.value[CFG_BEAT] >= 0) {
		o.beat = (enum beat)cfg.value[CFG_BEAT];
		o.beat_set = true;
	}
	if (cfg.value[CFG_COLOUR] >= 0)
		o.colour = (enum colour_mode)cfg.value[CFG_COLOUR];
	if (cfg.value[CFG_SPEED] >= 0)
		o.speed = cfg.value[CFG_SPEED];
	if (cfg.value[CFG_MOUSE] >= 0)
		o.mouse = cfg.value[CFG_MOUSE] == 1;

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--no-mouse") == 0)
			o.mouse = false;
		else if (strcmp(argv[i], "--ascii") == 0)
			o.ascii = true;
		else if (strcmp(argv[i], "--presenter") == 0)
			o.presenter = true;
		else if (strcmp(argv[i], "--linear") == 0)
			o.linear = true;
		else if ((val = opt_value(argc, argv, &i, "--theme"))) {
			int t = theme_parse(val);

			if (t < 0) {
				fprintf(stderr,
					_("pktpath: unknown theme \"%s\" (dark, light, contrast, "
					  "colorblind, mono)\n"),
					val);
				return 2;
			}
			o.theme = (enum theme)t;
		} else if ((val = opt_value(argc, argv, &i, "--color")) ||
			   (val = opt_value(argc, argv, &i, "--colour"))) {
			int c = colour_mode_parse(val);

			if (c < 0) {
				fprintf(stderr, _("pktpath: --color takes auto, never, 16, 256 or "
						  "truecolor\n"));
				return 2;
			}
			o.colour = (enum colour_mode)c;
		} else if ((val = opt_value(argc, argv, &i, "--lang"))) {
			int l = lang_parse(val);

			if (l < 0) {
				fprintf(stderr, _("pktpath: --lang takes en or ru\n"));
				return 2;
			}
			o.lang = (enum lang)l;
		} else if ((val = opt_value(argc, argv, &i, "--beat"))) {
			int b = beat_parse(val);

			if (b < 0) {
				fprintf(stderr, _("pktpath: --beat takes event, hop or step\n"));
				return 2;
			}
			o.beat = (enum beat)b;
			o.beat_set = true;
		} else if ((val = opt_value(argc, argv, &i, "--exit-after"))) {
			if (!parse_int(val, 1, 1000000, &o.exit_after)) {
				fprintf(stderr,
					_("pktpath: --exit-after takes a number of events (1 "
					  "or more)\n"));
				return 2;
			}
		} else if (argv[i][0] == '-' && argv[i][1]) {
			fprintf(stderr, _("pktpath: unknown option %s\n"), argv[i]);
			return 2;
		} else if (!file)
			file = argv[i];
		else {
			fprintf(stderr, _("pktpath: one scene at a time\n"));
			return 2;
		}
	}
	/* linear mode: no curses on a dumb terminal or when stdin/stdout is not one */
	if (!term || !*term || strcmp(term, "dumb") == 0 || !isatty(STDIN_FILENO) ||
	    !isatty(STDOUT_FILENO))
		o.linear = true;
	o.utf8 = utf8 && !o.ascii;
	if (cli_load_scene(&s, file) < 0)
		return 2;
	rc = o.linear ? tui_linear_loop(&s, &o) : tui_loop(&s, &o);
	session_close(&s);
	return rc;
}
