/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The kernel drawn inside each host box (ui/pipeline.c) and the play clock that moves
 * its token (ui/play.c):
 * - every event of every lesson, at 120x40 and 80x24: the box of the event's host lights
 *   exactly one stage of its chain, the chain fits the box, and at 120x40 the token
 *   sits under the lit stage and the row below names what acted there;
 * - known events of the default scene and of the NAT gateway lesson draw the chain,
 *   the token and the route or rule the engine used;
 * - while play moves the token it is drawn part of the way between two stages;
 * - the play clock: no timeout while paused, a frame at least every 100 ms while the
 *   token travels, then one wake-up for the next event.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "net/model.h"
#include "../../ui/frame.h"
#include "../../ui/play.h"
#include "../../ui/session.h"
#include "../../ui/view.h"
#include "fixture/screen.h"

/* Row y of the frame between columns x0 and x1 (exclusive), trailing blanks trimmed. */
static void row_text(const struct frame *f, int y, int x0, int x1, char *out, size_t n)
{
	screen_row(f, y, x0, x1, out, n, false);
}

static void render_at(struct session *s, struct frame *f, struct render_hits *hits, int ev,
		      int from, int left)
{
	struct view v;

	memset(&v, 0, sizeof(v));
	memset(hits, 0, sizeof(*hits));
	v.t = &s->trace;
	v.title = s->title;
	v.sel_host = -1;
	v.speed = 3;
	v.inspect = -1;
	v.cur = ev;
	v.hits = hits;
	v.tween_from = from;
	v.tween_left = left;
	v.sim = session_state_at(s, ev);
	frame_clear(f);
	ui_render(f, &v);
}

/* The box of host hi in the frame, or NULL. */
static const struct rect *box_of(const struct render_hits *hits, int hi)
{
	for (int i = 0; i < hits->nhosts; i++)
		if (hits->host_idx[i] == hi)
			return &hits->host_box[i];
	return NULL;
}

/* Columns of row y inside box b with style st: first and count. */
static int styled(const struct frame *f, const struct rect *b, int y, enum style st, int *first)
{
	int n = 0;

	*first = -1;
	for (int x = b->x + 1; x < b->x + b->w - 1; x++) {
		const struct cell *c = frame_at_c(f, x, y);

		if (c && c->style == st && c->g[0] && c->g[0] != ' ') {
			if (*first < 0)
				*first = x;
			n++;
		}
	}
	return n;
}

struct counts {
	size_t events, lit, tokens, bad;
};

static void bad(struct counts *c, const char *scene, int w, int ev, const char *what,
		const char *row)
{
	c->bad++;
	if (c->bad <= 20)
		print_message("%s at %d columns, event %d: %s: \"%s\"\n", scene, w, ev + 1, what,
			      row);
}

static void walk(const char *path, int w, int h, struct counts *c)
{
	struct session s;
	struct frame f;

	screen_open_scene(&s, path);
	frame_init(&f, w, h, false);
	/* every host of a lesson is one its lines name, so each has a NIC besides lo (a
	 * bare `sleep` once added an empty default host "h" to C5) */
	if (s.trace.n) {
		const struct sim *end = session_state_at(&s, (int)s.trace.n - 1);

		for (size_t i = 0; i < end->nhosts; i++) {
			bool nic = false;

			for (size_t k = 0; k < end->hosts[i]->nnic; k++)
				nic |= end->hosts[i]->nics[k].kind != NIC_LOOPBACK;
			if (!nic)
				bad(c, path, w, 0, "a host with no NIC", end->hosts[i]->name);
		}
	}
	for (size_t ev = 0; ev < s.trace.n; ev++) {
		const struct trace_event *e = &s.trace.ev[ev];
		struct render_hits hits;
		const struct rect *b;
		char chain[512], below[512];
		int y, lit, first, tok;
		bool big;

		render_at(&s, &f, &hits, (int)ev, -1, 0);
		c->events++;
		b = box_of(&hits, e->host);
		if (!b || e->stage == TRACE_CONFIG)
			continue;
		/* large boxes (11 rows and more) have the app row, the token and what acted; a
		 * large screen draws small ones when the large would not all fit */
		big = b->h >= 11;
		y = b->y + (big ? 4 : 3); /* sock, sock, [app,] the chain */
		row_text(&f, y, b->x + 1, b->x + b->w - 1, chain, sizeof(chain));
		lit = styled(&f, b, y, ST_CURRENT, &first);
		if (lit == 0) {
			bad(c, path, w, (int)ev, "no stage lit", chain);
			continue;
		}
		c->lit++;
		if (text_width(chain) > b->w - 3)
			bad(c, path, w, (int)ev, "the chain runs into the border", chain);
		if (!big)
			continue;
		/* the token under the lit stage, what acted on the row below it */
		row_text(&f, y + 1, b->x + 1, b->x + b->w - 1, below, sizeof(below));
		tok = -1;
		for (int x = b->x + 1; x < b->x + b->w - 1; x++)
			if (strcmp(frame_at_c(&f, x, y + 1)->g, "●") == 0)
				tok = x;
		if (tok < first || tok >= first + lit)
			bad(c, path, w, (int)ev, "the token is not under the lit stage", below);
		else
			c->tokens++;
		row_text(&f, y + 2, b->x + 2, b->x + b->w - 1, below, sizeof(below));
		if (!below[0])
			bad(c, path, w, (int)ev, "nothing says what acted", chain);
	}
	frame_release(&f);
	session_close(&s);
}

static void test_every_lesson(void **state)
{
	struct counts c = { 0 };
	glob_t g;

	(void)state;
	assert_int_equal(glob("scenes/*.scene", 0, NULL, &g), 0);
	assert_true(g.gl_pathc >= 15);
	for (size_t i = 0; i < g.gl_pathc; i++) {
		walk(g.gl_pathv[i], 120, 40, &c);
		walk(g.gl_pathv[i], 80, 24, &c);
	}
	print_message("%zu lessons, %zu frames, %zu lit stages, %zu tokens, %zu wrong\n",
		      (size_t)g.gl_pathc, c.events, c.lit, c.tokens, c.bad);
	globfree(&g);
	assert_true(c.lit > 2000);
	assert_true(c.tokens > 1000);
	assert_int_equal(c.bad, 0);
}

/* The first event on host `host` with stage st (and hook, for netfilter), -1 if none. */
static int find_ev(const struct trace *t, const char *host, enum trace_stage st, const char *hook)
{
	for (size_t i = 0; i < t->n; i++)
		if (t->ev[i].stage == st && strcmp(t->ev[i].host_name, host) == 0 &&
		    (!hook || strcmp(nf_hook_name(t->ev[i].hook), hook) == 0))
			return (int)i;
	return -1;
}

/* The chain, token and detail rows of the box of event ev's host (a large frame). */
static void rows_at(struct session *s, struct frame *f, int ev, int from, int left, char *chain,
		    char *tok, char *detail)
{
	struct render_hits hits;
	const struct rect *b;

	render_at(s, f, &hits, ev, from, left);
	b = box_of(&hits, s->trace.ev[ev].host);
	assert_non_null(b);
	row_text(f, b->y + 4, b->x + 2, b->x + b->w - 1, chain, 512);
	row_text(f, b->y + 5, b->x + 2, b->x + b->w - 1, tok, 512);
	row_text(f, b->y + 6, b->x + 2, b->x + b->w - 1, detail, 512);
}

static void test_known_frames(void **state)
{
	struct session s;
	struct frame f;
	char chain[512], tok[512], detail[512];
	int ro, app, post, fwd;

	(void)state;
	screen_open_scene(&s, "scenes/c6-better-route.scene");
	frame_init(&f, 120, 40, false);
	app = find_ev(&s.trace, "comp1", TRACE_APP_SEND, NULL);
	ro = find_ev(&s.trace, "comp1", TRACE_ROUTE_OUT, NULL);
	assert_true(app >= 0 && ro > app);
	/* the output route: comp1's only route, out of enp0s4 (notes C1, C4) */
	rows_at(&s, &f, ro, -1, 0, chain, tok, detail);
	assert_string_equal(chain, "app→sock→route→OUT→POST→arp→NIC");
	assert_int_equal(strstr(tok, "●") - tok,
			 (int)strlen("app→sock→ro") - 2 * 2); /* under "route" */
	assert_string_equal(detail, "route 172.16.70.0/24 enp0s4");
	/* play moving the token from the app (column 1) to route (column 11): half way */
	rows_at(&s, &f, ro, app, 1000, chain, tok, detail);
	assert_int_equal(strstr(tok, "●") - tok, 1);
	rows_at(&s, &f, ro, app, 500, chain, tok, detail);
	assert_int_equal(strstr(tok, "●") - tok, 6);
	frame_release(&f);
	session_close(&s);

	/* the NAT gateway forwards (at 160x48, where its four boxes have room): its chain
	 * is the forward path, and POSTROUTING names the MASQUERADE rule that acted */
	screen_open_scene(&s, "scenes/nat-gateway-lan.scene");
	frame_init(&f, 160, 48, false);
	post = find_ev(&s.trace, "gw", TRACE_NF, "POSTROUTING");
	fwd = find_ev(&s.trace, "gw", TRACE_ROUTE_IN, NULL);
	assert_true(post > 0 && fwd > 0);
	rows_at(&s, &f, post, -1, 0, chain, tok, detail);
	assert_string_equal(chain, "eth0→PRE→route→FWD→POST→arp→NIC");
	assert_int_equal(strstr(tok, "●") - tok, (int)strlen("eth0→PRE→route→FWD→PO") - 4 * 2);
	assert_string_equal(detail, "POST nat -o eth1 -j MASQUERADE");
	rows_at(&s, &f, fwd, -1, 0, chain, tok, detail);
	assert_non_null(strstr(detail, "route 203.0.113.0/24"));
	frame_release(&f);
	session_close(&s);
}

static void test_play_clock(void **state)
{
	struct view v;
	struct play_clock pc;
	int last = 1001;
	long long t;

	(void)state;
	memset(&v, 0, sizeof(v));
	memset(&pc, 0, sizeof(pc));
	v.speed = 3;
	v.cur = 5;
	/* paused: no timeout (zero wake-ups) */
	assert_int_equal(play_timeout(&v, &pc, 0), -1);
	/* P: the next event one interval later, the token does not travel */
	v.playing = true;
	play_moved(&v, &pc, -1, 0);
	assert_int_equal(v.tween_left, 0);
	assert_int_equal(play_timeout(&v, &pc, 0), play_interval(3));
	/* play moved from event 4: frames of at most 100 ms while the token travels */
	play_moved(&v, &pc, 4, 1000);
	assert_int_equal(v.tween_left, 1000);
	for (t = 1000; v.tween_left > 0; t += play_timeout(&v, &pc, t)) {
		int to = play_timeout(&v, &pc, t);

		assert_true(to > 0 && to <= 100);
		assert_false(play_tick(&v, &pc, t + to));
		assert_true(v.tween_left < last);
		last = v.tween_left;
	}
	/* then one wake-up: the next event is due after the interval */
	assert_int_equal(t + play_timeout(&v, &pc, t), 1000 + play_interval(3));
	assert_true(play_tick(&v, &pc, 1000 + play_interval(3)));
	/* stopped: the token is where it belongs, no timeout */
	play_moved(&v, &pc, 4, 5000);
	v.playing = false;
	play_stopped(&v);
	assert_int_equal(v.tween_left, 0);
	assert_int_equal(play_timeout(&v, &pc, 5000), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_lesson),
		cmocka_unit_test(test_known_frames),
		cmocka_unit_test(test_play_clock),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
