/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * render: lays out and draws one TUI frame from a struct view into a struct frame
 * (no curses here; ui/term.c blits). Layout, top to bottom:
 *
 *   title bar: scene title, scene step, event number
 *   hosts: one box per host (1-4 side by side): socket row on top, the kernel (routing
 *          decision, netfilter, ARP) in the middle, NICs with their addresses at the
 *          bottom; wires (═) between boxes whose NICs are veth peers
 *   packet marker |pkt|SRC|DST| under the NIC the current event is at (claim C6)
 *   packet card (every field, its value, its origin tag; changed fields marked *)
 *     │ event list (current event highlighted) / route table of the selected host
 *   narration caption (when there is room), status line with the keys that work now
 *
 * 80×24 is the compact layout; from 120×36 boxes, card and panels get more detail.
 * Presenter mode: narration caption, hosts, an enlarged packet card. Below 80×24 only a
 * centred notice is drawn. Every drawing call clips, so no size can crash it.
 *
 * The console (view mode only) is drawn over the bottom rows: its input line on the
 * last row with the status line above it, the output pane above those, and the
 * completion popup over the pane.
 */
#include "view.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "tools/cmd.h"
#include "net/ct.h"
#include "net/fib.h"
#include "net/sock.h"
#include "keys.h"
#include "pipeline.h"

static const char *const theme_names[THEME__COUNT] = { "dark", "light", "contrast", "colorblind", "mono" };

static const char *const beat_names[BEAT__COUNT] = { "event", "hop", "step" };

const char *beat_name(enum beat b)
{
	return (unsigned)b < BEAT__COUNT ? beat_names[b] : "event";
}

int beat_parse(const char *s)
{
	for (int i = 0; i < BEAT__COUNT; i++)
		if (strcmp(s, beat_names[i]) == 0)
			return i;
	return -1;
}

const char *theme_name(enum theme t)
{
	return (unsigned)t < THEME__COUNT ? theme_names[t] : "dark";
}

int theme_parse(const char *s)
{
	if (strcmp(s, "projector") == 0 || strcmp(s, "projector-light") == 0)
		return THEME_LIGHT;
	if (strcmp(s, "high-contrast") == 0 || strcmp(s, "projector-dark") == 0)
		return THEME_CONTRAST;
	if (strcmp(s, "colourblind") == 0 || strcmp(s, "cvd") == 0)
		return THEME_COLORBLIND;
	for (int i = 0; i < THEME__COUNT; i++)
		if (strcmp(s, theme_names[i]) == 0)
			return i;
	return -1;
}

static bool lang_is_ru(const char *v)
{
	return v && (strncmp(v, "ru", 2) == 0);
}

enum lang lang_from_env(void)
{
	static const char *const vars[] = { "LC_ALL", "LC_MESSAGES", "LANG" };

	for (size_t i = 0; i < sizeof(vars) / sizeof(vars[0]); i++) {
		const char *v = getenv(vars[i]);

		if (v && *v)
			return lang_is_ru(v) ? LANG_RU : LANG_EN;
	}
	return LANG_EN;
}

int lang_parse(const char *s)
{
	if (strcmp(s, "en") == 0)
		return LANG_EN;
	if (strcmp(s, "ru") == 0)
		return LANG_RU;
	return -1;
}

int filter_preset(int i)
{
	static const int presets[FILTER_PRESETS] = { 0, FILTER_ARP, FILTER_ARP | FILTER_NF_QUIET, FILTER_HOST };

	return presets[((i % FILTER_PRESETS) + FILTER_PRESETS) % FILTER_PRESETS];
}

void filter_describe(int mask, const char *host, char *buf, size_t n)
{
	size_t len = 0;

	buf[0] = '\0';
	if (mask & FILTER_HOST)
		len += (size_t)snprintf(buf + len, len < n ? n - len : 0, "host %s only", host ? host : "?");
	if ((mask & FILTER_ARP) && len < n)
		len += (size_t)snprintf(buf + len, n - len, "%sno ARP", len ? ", " : "");
	if ((mask & FILTER_NF_QUIET) && len < n)
		snprintf(buf + len, n - len, "%sno quiet nf", len ? ", " : "");
}

static bool pkt_field_eq(const struct trace_event *a, const struct trace_event *b, int f)
{
	switch (f) {
	case FIELD_SRC:
		return a->pkt.src == b->pkt.src;
	case FIELD_DST:
		return a->pkt.dst == b->pkt.dst;
	case FIELD_SPORT:
		return a->pkt.sport == b->pkt.sport;
	case FIELD_DPORT:
		return a->pkt.dport == b->pkt.dport;
	case FIELD_OIF:
		return strcmp(a->oif, b->oif) == 0;
	default:
		return true;
	}
}

/* The previous event of the same packet, looking back at most 256 events. */
static const struct trace_event *prev_of_pkt(const struct trace *t, int i)
{
	for (int k = i - 1; k >= 0 && k >= i - 256; k--)
		if (t->ev[k].pkt_id == t->ev[i].pkt_id)
			return &t->ev[k];
	return NULL;
}

bool view_ev_visible(const struct view *v, int i)
{
	const struct trace_event *e;

	if (!v->t || i < 0 || (size_t)i >= v->t->n)
		return false;
	if (!v->filter)
		return true;
	e = &v->t->ev[i];
	if ((v->filter & FILTER_HOST) && e->host != v->filter_host)
		return false;
	if ((v->filter & FILTER_ARP) && (e->pkt.is_arp || e->stage == TRACE_NEIGH))
		return false;
	if ((v->filter & FILTER_NF_QUIET) && e->stage == TRACE_NF && strcmp(e->verdict, "DROP") != 0 &&
	    strcmp(e->verdict, "REJECT") != 0) {
		const struct trace_event *p = prev_of_pkt(v->t, i);
		bool same = p != NULL;

		for (int f = 0; same && f < FIELD__COUNT; f++)
			same = pkt_field_eq(p, e, f);
		if (same && p->pkt.mark == e->pkt.mark)
			return false;
	}
	return true;
}

bool view_ev_match(const struct trace *t, int i, const char *pat)
{
	const struct trace_event *e;
	struct strbuf sb;
	bool hit;

	if (!t || i < 0 || (size_t)i >= t->n || !pat || !*pat)
		return false;
	e = &t->ev[i];
	strbuf_init(&sb);
	trace_event_text(e, &sb);
	strbuf_printf(&sb, " %s %s %s %s %s%s", e->host_name, trace_stage_name(e->stage), e->hook, e->table,
		      e->pkt.is_arp ? "arp " : "", e->why);
	hit = strcasestr(sb.buf, pat) != NULL;
	strbuf_release(&sb);
	return hit;
}

const char *view_field_name(int f)
{
	static const char *const names[FIELD__COUNT] = { "src", "dst", "sport", "dport", "oif" };

	return f >= 0 && f < FIELD__COUNT ? names[f] : "?";
}

static void field_value(const struct trace_event *e, int f, char *buf, size_t n)
{
	char a[16];

	switch (f) {
	case FIELD_SRC:
		snprintf(buf, n, "%s", e->pkt.src ? ip_fmt(e->pkt.src, a) : "*");
		break;
	case FIELD_DST:
		snprintf(buf, n, "%s", e->pkt.dst ? ip_fmt(e->pkt.dst, a) : "*");
		break;
	case FIELD_SPORT:
		snprintf(buf, n, "%u", e->pkt.sport);
		break;
	case FIELD_DPORT:
		snprintf(buf, n, "%u", e->pkt.dport);
		break;
	case FIELD_OIF:
		snprintf(buf, n, "%s", e->oif[0] ? e->oif : "-");
		break;
	default:
		buf[0] = '\0';
	}
}

static void ev_where(const struct trace_event *e, char *buf, size_t n);

void view_provenance(const struct view *v, int f, char *buf, size_t n)
{
	const struct trace_event *e, *k;
	char val[64], where[48];
	int ki;

	buf[0] = '\0';
	if (!v->t || v->cur < 0 || (size_t)v->cur >= v->t->n || f < 0 || f >= FIELD__COUNT)
		return;
	e = &v->t->ev[v->cur];
	field_value(e, f, val, sizeof(val));
	if (e->from[f] == ORIGIN_NONE) {
		snprintf(buf, n, "%s %s: no origin recorded at this event", view_field_name(f), val);
		return;
	}
	/* the earliest event of this packet since which the value and its origin held */
	ki = v->cur;
	for (int i = v->cur - 1; i >= 0; i--) {
		const struct trace_event *p = &v->t->ev[i];

		if (p->pkt_id != e->pkt_id)
			continue;
		if (!pkt_field_eq(p, e, f) || p->from[f] != e->from[f])
			break;
		ki = i;
	}
	k = &v->t->ev[ki];
	ev_where(k, where, sizeof(where));
	snprintf(buf, n, "%s %s [%s] since event %d (%s %s): %s", view_field_name(f), val, origin_name(e->from[f]),
		 ki + 1, k->host_name, where, k->why[0] ? k->why : trace_stage_name(k->stage));
}

const char *view_caption(const struct view *v, int si)
{
	const struct trace_step *s;

	if (si < 0 || !v->t || (size_t)si >= v->t->nsteps)
		return "";
	s = &v->t->steps[si];
	if (v->lang == LANG_RU && s->say_ru[0])
		return s->say_ru;
	if (s->say_en[0])
		return s->say_en;
	return s->say_ru[0] ? s->say_ru : "";
}

void view_narrate(const struct trace *t, int i, bool utf8, struct strbuf *sb)
{
	const struct trace_event *e = &t->ev[i], *p = prev_of_pkt(t, i);
	const char *arrow = utf8 ? "→" : "->";
	char a[16], b[16], fl[32];
	int nch = 0;

	strbuf_printf(sb, "event %d/%zu: %s ", i + 1, t->n, e->host_name);
	if (e->stage == TRACE_NF)
		strbuf_printf(sb, "%s %s", e->hook[0] ? e->hook : "netfilter", e->table);
	else
		strbuf_puts(sb, trace_stage_name(e->stage));
	strbuf_puts(sb, ": ");
	if (e->stage == TRACE_CONFIG || e->stage == TRACE_ERROR ||
	    (!e->pkt.is_arp && !e->pkt.proto && !e->pkt.src && !e->pkt.dst)) {
		strbuf_printf(sb, "%s%s%s", e->verdict[0] ? e->verdict : "", e->verdict[0] ? ": " : "",
			      e->why[0] ? e->why : trace_stage_name(e->stage));
		return;
	}
	/* what changed since this packet's previous event, with the origin of the new value */
	for (int f = 0; p && f < FIELD__COUNT; f++) {
		char v0[64], v1[64];

		if (pkt_field_eq(p, e, f))
			continue;
		field_value(p, f, v0, sizeof(v0));
		field_value(e, f, v1, sizeof(v1));
		strbuf_printf(sb, "%s%s %s%s%s (%s)", nch++ ? ", " : "", view_field_name(f), v0, arrow, v1,
			      origin_name(e->from[f]));
	}
	if (nch)
		strbuf_puts(sb, "; ");
	if (e->pkt.is_arp) {
		strbuf_printf(sb, "ARP %s %s tell %s", e->pkt.arp_op == 2 ? "reply" : "who-has",
			      ip_fmt(e->pkt.arp_tip, a), ip_fmt(e->pkt.arp_sip, b));
	} else {
		const char *pn = e->pkt.proto == PKT_PROTO_TCP ? "TCP" : e->pkt.proto == PKT_PROTO_UDP ? "UDP"
				 : e->pkt.proto == PKT_PROTO_ICMP ? "ICMP" : "IP";

		strbuf_printf(sb, "%s %s:%u%s%s:%u", pn, e->pkt.src ? ip_fmt(e->pkt.src, a) : "*", e->pkt.sport, arrow,
			      e->pkt.dst ? ip_fmt(e->pkt.dst, b) : "*", e->pkt.dport);
		fl[0] = '\0';
		if (e->pkt.proto == PKT_PROTO_TCP && e->pkt.tcp_flags) {
			struct strbuf fs;

			strbuf_init(&fs);
			tcp_flags_fmt(e->pkt.tcp_flags, &fs);
			if (fs.len)
				snprintf(fl, sizeof(fl), " %s", fs.buf);
			strbuf_release(&fs);
		}
		strbuf_puts(sb, fl);
	}
	if (e->iif[0])
		strbuf_printf(sb, " in %s", e->iif);
	if (e->oif[0])
		strbuf_printf(sb, " out %s", e->oif);
	strbuf_printf(sb, "; %s%s%s", e->verdict[0] ? e->verdict : "", e->verdict[0] ? ": " : "",
		      e->why[0] ? e->why : trace_stage_name(e->stage));
}

int view_step_of(const struct trace *t, int ev)
{
	if (!t || ev < 0)
		return -1;
	for (size_t i = 0; i < t->nsteps; i++)
		if (ev >= t->steps[i].first && ev < t->steps[i].first + t->steps[i].count)
			return (int)i;
	/* an event outside every step belongs to the last step opened before it */
	for (size_t i = t->nsteps; i-- > 0;)
		if (t->steps[i].first <= ev)
			return (int)i;
	return -1;
}

int view_next_vis(const struct view *v, int from, int dir)
{
	for (int i = from + dir; i >= 0 && (size_t)i < v->t->n; i += dir)
		if (view_ev_visible(v, i))
			return i;
	return -1;
}

/* The next beat from the cursor in direction dir (v->beat), -1 when none.
 * hop: the next visible hop (trace_event_is_hop), or the first visible event of a step
 * (the narration changes there); step: the last visible event of this step (the previous
 * step), the step fully played; event: the next visible event. */
int view_next_beat(const struct view *v, int dir)
{
	const struct trace *t = v->t;
	int cur = v->cur;

	switch (v->beat) {
	case BEAT_HOP:
		for (int i = view_next_vis(v, cur, dir); i >= 0; i = view_next_vis(v, i, dir)) {
			int si = view_step_of(t, i);

			if (trace_event_is_hop(&t->ev[i]) || (si >= 0 && view_next_vis(v, t->steps[si].first - 1, 1) == i))
				return i;
		}
		return -1;
	case BEAT_STEP: {
		int si = view_step_of(t, cur);

		/* forward: the end of this step, or of the next; back: the previous step's end */
		for (int k = dir > 0 ? (si < 0 ? 0 : si) : si - 1; k >= 0 && (size_t)k < t->nsteps; k += dir) {
			const struct trace_step *st = &t->steps[k];
			int last = view_next_vis(v, st->first + st->count, -1);

			if (st->count > 0 && last >= st->first && (dir > 0 ? last > cur : last < cur))
				return last;
		}
		return -1;
	}
	case BEAT_EVENT:
	case BEAT__COUNT:
		break;
	}
	return view_next_vis(v, cur, dir);
}

/* Where a lesson opens: right after the network is built (the setup events at the start:
 * configuration, sockets bound or listening, within the first step, whose narration
 * introduces the network), so the first screen shows the whole topology; event 1 when
 * the scene starts with a packet. -1 for an empty trace. */
int view_opening_event(const struct trace *t)
{
	int first_step = view_step_of(t, 0);
	size_t i = 0;

	if (t->n == 0)
		return -1;
	while (i < t->n && trace_event_is_setup(&t->ev[i]) && view_step_of(t, (int)i) == first_step)
		i++;
	return i > 0 ? (int)i - 1 : 0;
}

static bool ev_from_console(const struct view *v, int i)
{
	return v->con && v->con->ev_console && v->t && i >= 0 && (size_t)i < v->t->n && v->con->ev_console[i];
}

static const struct trace_event *cur_ev(const struct view *v)
{
	if (!v->t || v->cur < 0 || (size_t)v->cur >= v->t->n)
		return NULL;
	return &v->t->ev[v->cur];
}

static enum style origin_style(enum origin o)
{
	return (enum style)(ST_O_NONE + (o < ORIGIN__COUNT ? (int)o : 0));
}

static bool stage_incoming(const struct trace_event *e)
{
	switch (e->stage) {
	case TRACE_NIC_RX:
	case TRACE_ROUTE_IN:
	case TRACE_RP_FILTER:
	case TRACE_SOCK_DELIVER:
	case TRACE_APP_RECV:
		return true;
	case TRACE_NF:
		return strcmp(e->hook, "PREROUTING") == 0 || strcmp(e->hook, "INPUT") == 0;
	default:
		return false;
	}
}

/* ---- small text helpers ---- */

/* "▶ " before the title of the focused pane (only once the user moved the focus) */
static const char *focus_mark(const struct frame *f, const struct view *v, enum pane p)
{
	static char buf[16];

	if (v->focus != p || p == PANE_NONE)
		return "";
	snprintf(buf, sizeof(buf), "%s ", frame_sym(f, SYM_POINTER));
	return buf;
}

static void centre(struct frame *f, int y, enum style st, const char *s)
{
	int w = text_width(s);
	int x = (f->w - w) / 2;

	frame_text(f, x < 0 ? 0 : x, y, f->w, st, s);
}

struct wrap_ctx {
	struct frame *f;
	int x, y, maxlines;
	int w;
	enum style st;
	bool centred;
};

static void wrap_emit(void *arg, int line, const char *text)
{
	struct wrap_ctx *c = arg;

	if (line >= c->maxlines)
		return;
	if (c->centred) {
		int tw = text_width(text);

		frame_text(c->f, c->x + (c->w - tw > 0 ? (c->w - tw) / 2 : 0), c->y + line, c->w, c->st,
			   text);
	} else {
		frame_text(c->f, c->x, c->y + line, c->w, c->st, text);
	}
}

/* Wraps into at most maxlines rows; returns rows used. */
static int wrap_at(struct frame *f, int x, int y, int w, int maxlines, enum style st, bool centred,
		   const char *s)
{
	struct wrap_ctx c = { f, x, y, maxlines, w, st, centred };
	int n;

	if (w < 1 || maxlines < 1)
		return 0;
	n = text_wrap(s, w, wrap_emit, &c);
	return n < maxlines ? n : maxlines;
}

/* ---- narration ---- */

#define CAP_LINES_MAX 64
struct cap_lines {
	int n;
	char line[CAP_LINES_MAX][512];
};

static void cap_emit(void *arg, int i, const char *text)
{
	struct cap_lines *c = arg;

	(void)i;
	if (c->n < CAP_LINES_MAX)
		snprintf(c->line[c->n++], sizeof(c->line[0]), "%s", text);
}

static void cap_put(struct frame *f, int x, int y, int w, bool centred, enum style st, const char *text, int extra)
{
	int tw = text_width(text) + extra;

	frame_text(f, x + (centred && w > tw ? (w - tw) / 2 : 0), y, w, st, text);
}

/* The step's narration in at most maxrows rows of width w. When it needs more, the last
 * row ends with "… (s)": the key that shows all of it (ACT_SAY). Returns rows used. */
static int draw_caption(struct frame *f, int x, int y, int w, int maxrows, bool centred, const char *cap)
{
	const char *hint = f->ascii ? " ... (s)" : " … (s)";
	struct cap_lines *all, *last;
	struct strbuf rest;
	int hw = text_width(hint), n;

	if (!cap[0] || w < 1 || maxrows < 1)
		return 0;
	all = xcalloc(1, sizeof(*all));
	text_wrap(cap, w, cap_emit, all);
	if (all->n <= maxrows) {
		for (int i = 0; i < all->n; i++)
			cap_put(f, x, y + i, w, centred, ST_CAPTION, all->line[i], 0);
		n = all->n;
		free(all);
		return n;
	}
	for (int i = 0; i < maxrows - 1; i++)
		cap_put(f, x, y + i, w, centred, ST_CAPTION, all->line[i], 0);
	/* the last row: what is left, cut to leave room for the hint */
	strbuf_init(&rest);
	for (int i = maxrows - 1; i < all->n; i++)
		strbuf_printf(&rest, "%s%s", i > maxrows - 1 ? " " : "", all->line[i]);
	last = xcalloc(1, sizeof(*last));
	text_wrap(rest.buf, w > hw + 1 ? w - hw : 1, cap_emit, last);
	{
		int lx = x, tw = text_width(last->n ? last->line[0] : "") + hw;

		if (centred && w > tw)
			lx += (w - tw) / 2;
		lx += frame_text(f, lx, y + maxrows - 1, w - (lx - x), ST_CAPTION, last->n ? last->line[0] : "");
		frame_text(f, lx, y + maxrows - 1, w - (lx - x), ST_KEY, hint);
	}
	strbuf_release(&rest);
	free(last);
	free(all);
	return maxrows;
}

/* s: the whole narration of the current step over the screen; any key closes it. */
static void draw_say(struct frame *f, const struct view *v)
{
	int si = view_step_of(v->t, v->cur);
	const char *cap = view_caption(v, si);
	struct cap_lines *all;
	int w = f->w - 4 < 76 ? f->w - 4 : 76, h;
	struct rect r;
	char title[96];

	if (w < 10)
		return;
	all = xcalloc(1, sizeof(*all));
	text_wrap(cap[0] ? cap : "(this step has no narration)", w - 4, cap_emit, all);
	h = all->n + 4 < f->h - 2 ? all->n + 4 : f->h - 2;
	r = (struct rect){ (f->w - w) / 2, (f->h - h) / 2, w, h };
	frame_fill(f, r, ST_NORMAL);
	snprintf(title, sizeof(title), "step %d: narration (any key closes)", si + 1);
	frame_box(f, r, ST_SELECTED, title, ST_TITLE);
	for (int i = 0; i < all->n && i < h - 4; i++)
		frame_text(f, r.x + 2, r.y + 2 + i, w - 4, ST_CAPTION, all->line[i]);
	free(all);
}

static const char *ip_or_star(uint32_t a, char *buf)
{
	if (!a)
		return strcpy(buf, "*");
	return ip_fmt(a, buf);
}

static const char *proto_name(uint8_t p)
{
	switch (p) {
	case PKT_PROTO_TCP:
		return "TCP";
	case PKT_PROTO_UDP:
		return "UDP";
	case PKT_PROTO_ICMP:
		return "ICMP";
	default:
		return "IP";
	}
}

static void tcp_flags_str(uint8_t fl, char *buf, size_t n)
{
	static const struct {
		uint8_t bit;
		const char *name;
	} names[] = { { TCPF_SYN, "SYN" }, { TCPF_ACK, "ACK" }, { TCPF_PSH, "PSH" },
		      { TCPF_FIN, "FIN" }, { TCPF_RST, "RST" } };
	size_t len = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (!(fl & names[i].bit))
			continue;
		len += (size_t)snprintf(buf + len, len < n ? n - len : 0, "%s%s", len ? "," : "",
					names[i].name);
		if (len >= n)
			break;
	}
}

/* Short "where" of an event (at most 10 columns): stage, or netfilter hook/table. */
static void ev_where(const struct trace_event *e, char *buf, size_t n)
{
	static const char *const hooks[][2] = { { "PREROUTING", "PRE" }, { "INPUT", "IN" }, { "FORWARD", "FWD" },
						{ "OUTPUT", "OUT" }, { "POSTROUTING", "POST" } };
	const char *h = e->hook;

	if (e->stage == TRACE_NF) {
		for (size_t i = 0; i < sizeof(hooks) / sizeof(hooks[0]); i++)
			if (strcmp(e->hook, hooks[i][0]) == 0)
				h = hooks[i][1];
		snprintf(buf, n, "%s/%s", h[0] ? h : "nf", e->table);
	} else if (e->stage == TRACE_SOCK_DELIVER) {
		snprintf(buf, n, "deliver");
	} else {
		snprintf(buf, n, "%s", trace_stage_name(e->stage));
	}
}

/* ---- hosts ---- */

struct nic_pos {
	int x, w; /* column of the NIC label, its width */
};

#define MAX_SHOWN_HOSTS HITS_MAX_HOSTS
#define MAX_NIC_POS 8

struct host_layout {
	int host; /* index into sim->hosts */
	struct rect box;
	int nic_row; /* y of the NIC names */
	int nnic;
	int nic_if[MAX_NIC_POS];
	struct nic_pos pos[MAX_NIC_POS];
};

static bool nic_shown(const struct nic *n)
{
	return n->kind != NIC_LOOPBACK;
}

/* The socket rows: the latest event on this host (up to the current one) that names a
 * socket, seen from this host: its LOCAL and REMOTE pair (notes C2, C3). */
/* An application event's verdict as the call that made it. */
static const char *app_call_name(const char *verdict)
{
	static const char *const calls[][2] = {
		{ "ACCEPT", "accept()" }, { "BIND", "bind()" },	  { "CLOSE", "close()" },   { "CONNECT", "connect()" },
		{ "LISTEN", "listen()" }, { "SEND", "send()" },	  { "WRITE", "write()" },   { "READ", "read()" },
	};

	for (size_t i = 0; i < sizeof(calls) / sizeof(calls[0]); i++)
		if (strcmp(verdict, calls[i][0]) == 0)
			return calls[i][1];
	return verdict;
}

/* The socket of the latest event on host hi that names one, drawn from the engine's
 * state at this event (as `ss` shows it there), never from the packet's addresses: a
 * NATed or not yet answered packet says nothing about the socket. */
static bool host_socket(const struct view *v, int hi, char *l1, char *l2, size_t n, int w)
{
	snprintf(l1, n, "sock  -");
	l2[0] = '\0';
	if (!v->t || !v->sim || hi < 0 || (size_t)hi >= v->sim->nhosts)
		return false;
	for (int i = v->cur; i >= 0; i--) {
		const struct trace_event *e = &v->t->ev[i];
		const struct host *h = v->sim->hosts[hi];
		const struct sock *sk;
		struct sock_view sv;
		int pad;

		if (e->host != hi || !e->sock[0])
			continue;
		sk = sock_named(h, e->sock);
		if (!sk)
			continue;
		sock_view(h, sk, &sv);
		pad = (int)strlen(sk->name) + 4;
		snprintf(l1, n, "sock %s local %s", sk->name, sv.local);
		snprintf(l2, n, "%*s remote %s %s", pad, "", sv.peer, sk->gone ? "CLOSED" : sv.state);
		if (text_width(l1) > w || text_width(l2) > w) { /* narrow box: drop the words */
			snprintf(l1, n, "%s %s", sk->name, sv.local);
			snprintf(l2, n, "%*s%s %s", (int)strlen(sk->name) + 1, "", sv.peer,
				 sk->gone ? "CLOSED" : sv.state);
			if (text_width(l2) > w) /* … then the state, rather than cut it */
				snprintf(l2, n, "%*s%s", (int)strlen(sk->name) + 1, "", sv.peer);
		}
		return true;
	}
	return false;
}

static bool is_route_stage(enum trace_stage s)
{
	return s == TRACE_ROUTE_OUT || s == TRACE_ROUTE_IN || s == TRACE_REROUTE || s == TRACE_RP_FILTER;
}

static int host_peer_index(const struct sim *sim, const struct nic *n)
{
	if (n->peer_host < 0 || (size_t)n->peer_host >= sim->nhosts)
		return -1;
	return n->peer_host;
}

static void draw_host(struct frame *f, const struct view *v, struct host_layout *hl, bool big,
		      int addr_rows, int nic_rows)
{
	const struct host *h = v->sim->hosts[hl->host];
	const struct trace_event *e = cur_ev(v);
	bool here = e && e->host == hl->host;
	bool sel = v->sel_host >= 0 ? v->sel_host == hl->host : here;
	struct rect b = hl->box;
	int x = b.x + 2, w = b.w - 4, y = b.y + 1;
	char line[256], line2[256], title[96];
	bool have;

	/* the pointer (and a space) before the selected host's name; what the host is
	 * after it when it is not a plain host */
	snprintf(title, sizeof(title), "%s%s%s", sel ? frame_sym(f, SYM_POINTER) : "", sel ? " " : "", h->name);
	if (ui_host_is_switch(h) || ui_host_is_router(h))
		snprintf(title + strlen(title), sizeof(title) - strlen(title), " %s %s", frame_sym(f, SYM_DOT),
			 ui_host_is_switch(h) ? "switch" : "router");
	frame_box(f, b, here ? ST_SELECTED : ST_BORDER, title, here || sel ? ST_SELECTED : ST_TITLE);
	have = host_socket(v, hl->host, line, line2, sizeof(line), w);
	frame_text(f, x, y++, w, have ? ST_NORMAL : ST_DIM, line);
	frame_text(f, x, y++, w, ST_NORMAL, line2);
	if (big) {
		char payload[128] = "";

		for (int i = v->cur; i >= 0 && v->t; i--) {
			const struct trace_event *pe = &v->t->ev[i];

			if (pe->host != hl->host || (pe->stage != TRACE_APP_SEND && pe->stage != TRACE_APP_RECV))
				continue;
			/* what the application did last: data it wrote or read, else the call */
			if (pe->pkt.payload[0])
				snprintf(payload, sizeof(payload), "app   %s \"%s\"",
					 pe->stage == TRACE_APP_SEND ? "wrote" : "read", pe->pkt.payload);
			else if (pe->stage == TRACE_APP_RECV && strcmp(pe->verdict, "DELIVER") == 0)
				snprintf(payload, sizeof(payload), "app   got a reply");
			else
				snprintf(payload, sizeof(payload), "app   %s%s%s", app_call_name(pe->verdict),
					 pe->sock[0] ? " " : "", pe->sock);
			break;
		}
		frame_text(f, x, y++, w, payload[0] ? ST_NORMAL : ST_DIM, payload[0] ? payload : "app   -");
	}
	/* the kernel as the notes draw it: the packet's stages, the token, what acted */
	if (big) {
		pipe_draw(f, v, hl->host, x, y, w, y + 1, y + 2);
		y += 3;
	} else {
		pipe_draw(f, v, hl->host, x, y++, w, -1, -1);
	}
	/* NICs: side by side when each gets 17 columns (the notes' drawing, the packet
	 * marker goes under the NIC), else one per row with its first address */
	hl->nic_row = y;
	hl->nnic = 0;
	{
		int nshown = 0, col = 0, cw, row = 0;
		bool across;

		for (size_t i = 0; i < h->nnic; i++)
			nshown += nic_shown(&h->nics[i]);
		cw = nshown ? w / nshown : w;
		across = cw >= 17 || nshown <= 1;
		for (size_t i = 0; i < h->nnic && hl->nnic < MAX_NIC_POS; i++) {
			const struct nic *n = &h->nics[i];
			bool on;
			int k;

			if (!nic_shown(n))
				continue;
			on = here && ((e->oif[0] && strcmp(e->oif, n->name) == 0 &&
				       (e->stage == TRACE_NIC_TX || e->stage == TRACE_WIRE ||
					e->stage == TRACE_ROUTE_OUT || e->stage == TRACE_NEIGH)) ||
				      (e->iif[0] && strcmp(e->iif, n->name) == 0 && e->stage == TRACE_NIC_RX));
			k = hl->nnic++;
			hl->nic_if[k] = n->ifindex;
			if (!across) {
				const struct nic *m = n->master ? host_nic_by_index_c(h, n->master) : NULL;
				char ab[16];

				if (row >= nic_rows) {
					hl->nnic--;
					continue;
				}
				if (row == nic_rows - 1 && nshown > nic_rows) {
					frame_printf(f, x, y + row, w, ST_DIM, "+%d more NICs", nshown - row);
					hl->nnic--;
					row++;
					continue;
				}
				if (n->naddr) {
					snprintf(line2, sizeof(line2), " %s/%u", ip_fmt(n->addrs[0].local, ab), n->addrs[0].plen);
					if (text_width(n->name) + 1 + text_width(line2) > w)
						snprintf(line2, sizeof(line2), " %s", ab); /* drop the /len */
				}
				else if (m)
					snprintf(line2, sizeof(line2), " port of %s", m->name);
				else
					snprintf(line2, sizeof(line2), " %s", n->kind == NIC_BRIDGE ? "bridge" : "no address");
				hl->pos[k].x = x;
				snprintf(line, sizeof(line), "%s%s%s", on ? frame_sym(f, SYM_POINTER) : "", n->name,
					 n->up ? "" : " down");
				hl->pos[k].w = frame_text(f, x, y + row, w, on ? ST_CURRENT : ST_TITLE, line);
				frame_text(f, x + hl->pos[k].w, y + row, w - hl->pos[k].w, n->naddr ? ST_NORMAL : ST_DIM,
					   line2);
				row++;
				continue;
			}
			hl->pos[k].x = x + col;
			snprintf(line, sizeof(line), "[%s%s]", n->name, n->up ? "" : " down");
			hl->pos[k].w = frame_text(f, x + col, y, cw - 1, on ? ST_CURRENT : ST_TITLE, line);
			for (int a = 0; a < addr_rows; a++) {
				char ab[16];

				if ((size_t)a < n->naddr)
					frame_printf(f, x + col, y + 1 + a, cw - 1, ST_NORMAL, "%s/%u",
						     ip_fmt(n->addrs[a].local, ab), n->addrs[a].plen);
				else if (a == 0 && n->naddr == 0) {
					const struct nic *m = n->master ? host_nic_by_index_c(h, n->master) : NULL;

					frame_printf(f, x + col, y + 1, cw - 1, ST_DIM, "%s%s",
						     m ? "port of " : n->kind == NIC_BRIDGE ? "bridge" : "no address",
						     m ? m->name : "");
				}
			}
			if (big) {
				int p = host_peer_index(v->sim, n);
				const struct nic *pn = p >= 0 ? host_nic_by_index_c(v->sim->hosts[p], n->peer_ifindex) : NULL;

				if (pn)
					frame_printf(f, x + col, y + 1 + addr_rows, cw - 1, ST_DIM, "%s %s:%s",
						     frame_sym(f, SYM_WIRE), v->sim->hosts[p]->name, pn->name);
			}
			col += cw;
		}
		if (nshown == 0)
			frame_text(f, x, y, w, ST_DIM, "no NICs");
	}
}

/* Where the packet marker goes for event e: under the NIC it is at in its host's box,
 * near the box's right edge while it is on the wire; -1 when its host is not drawn. */
static int marker_x(const struct view *v, const struct host_layout *hl, int nh, const struct trace_event *e)
{
	int x = -1;

	for (int i = 0; i < nh; i++) {
		const struct host *h;
		const char *nic;

		if (hl[i].host != e->host)
			continue;
		h = v->sim->hosts[hl[i].host];
		x = hl[i].box.x + 2;
		nic = stage_incoming(e) ? e->iif : e->oif;
		if (!nic[0])
			nic = e->oif[0] ? e->oif : e->iif;
		for (int k = 0; k < hl[i].nnic; k++) {
			const struct nic *n = host_nic_by_index_c(h, hl[i].nic_if[k]);

			if (n && nic[0] && strcmp(n->name, nic) == 0)
				x = hl[i].pos[k].x;
		}
		if (e->stage == TRACE_WIRE && i + 1 < nh)
			x = hl[i].box.x + hl[i].box.w - 6; /* on its way across the gap */
	}
	return x;
}

/* The packet marker of the notes' drawing: |pkt|SRC|DST| under the NIC it is at. While
 * play moves the packet to another host, the marker slides there. */
static void draw_marker(struct frame *f, const struct view *v, struct host_layout *hl, int nh, int y)
{
	const struct trace_event *e = cur_ev(v);
	char buf[96], a[16], b[16];
	int x, xmax = f->w;

	if (!e || e->stage == TRACE_CONFIG || (!e->pkt.is_arp && !e->pkt.src && !e->pkt.dst))
		return;
	x = marker_x(v, hl, nh, e);
	if (x < 0)
		return;
	for (int i = 0; i < nh; i++)
		if (hl[i].host == e->host && hl[i].box.y + hl[i].box.h < y) {
			/* a box of an upper row: the marker sits on its bottom border */
			xmax = hl[i].box.x + hl[i].box.w - 1;
			y = hl[i].box.y + hl[i].box.h - 1;
		}
	if (v->tween_left > 0 && v->tween_from >= 0 && (size_t)v->tween_from < v->t->n &&
	    v->t->ev[v->tween_from].pkt_id == e->pkt_id) {
		int fx = marker_x(v, hl, nh, &v->t->ev[v->tween_from]);

		if (fx >= 0)
			x += (fx - x) * v->tween_left / 1000;
	}
	if (e->pkt.is_arp)
		snprintf(buf, sizeof(buf), "|arp %s|%s|%s|", e->pkt.arp_op == 2 ? "reply" : "who-has",
			 ip_fmt(e->pkt.arp_tip, a), ip_fmt(e->pkt.arp_sip, b));
	else
		snprintf(buf, sizeof(buf), "|pkt|%s|%s|", ip_or_star(e->pkt.src, a), ip_or_star(e->pkt.dst, b));
	if (x + text_width(buf) > xmax)
		x = xmax - text_width(buf);
	frame_text(f, x < 0 ? 0 : x, y, -1, ST_PACKET, buf);
}

/* The hosts in the order of the network's graph: breadth first from the first host
 * that is not a switch, along the wires in NIC order, so that a switch or a router
 * sits between the hosts it joins; hosts not reached come after, in index order. */
static int graph_order(const struct sim *sim, int *order, int max)
{
	int n = 0, head = 0, start = 0;
	bool seen[256] = { false };
	int nh = sim->nhosts < 256 ? (int)sim->nhosts : 256;

	for (int i = 0; i < nh; i++)
		if (!ui_host_is_switch(sim->hosts[i])) {
			start = i;
			break;
		}
	for (int root = -1; n < nh && n < max;) {
		int r = root < 0 ? start : -1;

		for (int i = 0; r < 0 && i < nh; i++)
			if (!seen[i])
				r = i;
		root = r;
		seen[r] = true;
		order[n++] = r;
		while (head < n && n < max) {
			const struct host *h = sim->hosts[order[head++]];

			for (size_t k = 0; k < h->nnic && n < max; k++) {
				int p = h->nics[k].peer_host;

				if (p >= 0 && p < nh && !seen[p]) {
					seen[p] = true;
					order[n++] = p;
				}
			}
		}
	}
	return n;
}

/* How near host hi is to the current event on its packet's way: 0 for the event's own
 * host, else 1 + the distance in events to the nearest event of that packet on hi;
 * INT_MAX when the packet does not pass hi. */
static int path_distance(const struct view *v, int hi)
{
	const struct trace_event *e = cur_ev(v);
	int lo, top, best = INT_MAX;

	if (!e)
		return INT_MAX;
	if (e->host == hi)
		return 0;
	if (!e->pkt_id)
		return INT_MAX;
	lo = v->cur > 256 ? v->cur - 256 : 0;
	top = v->cur + 256 < (int)v->t->n ? v->cur + 256 : (int)v->t->n - 1;
	for (int i = lo; i <= top; i++)
		if (v->t->ev[i].host == hi && v->t->ev[i].pkt_id == e->pkt_id && 1 + abs(i - v->cur) < best)
			best = 1 + abs(i - v->cur);
	return best;
}

/* Boxes per row of w columns when each gets minw, for no hosts. */
static int boxes_per_row(int w, int minw, int no)
{
	int gap = no >= 3 ? 2 : 4, per_row = (w + gap) / (minw + gap);

	if (per_row > no)
		per_row = no;
	if (per_row > MAX_SHOWN_HOSTS)
		per_row = MAX_SHOWN_HOSTS;
	return per_row < 1 ? 1 : per_row;
}

/* Rows of host boxes the network needs at width w, at most maxrows (at least 1). */
static int band_rows(const struct view *v, int w, int minw, int maxrows)
{
	int no = v->sim ? (int)v->sim->nhosts : 0, per_row, rows;

	if (no == 0)
		return 1;
	per_row = boxes_per_row(w, minw, no);
	rows = (no + per_row - 1) / per_row;
	if (rows * per_row > MAX_SHOWN_HOSTS)
		rows = MAX_SHOWN_HOSTS / per_row;
	return rows > maxrows ? (maxrows > 0 ? maxrows : 1) : rows;
}

static int layout_hosts(const struct view *v, struct rect r, int hb, int minw, int maxrows,
			struct host_layout *hl)
{
	int order[256], no, per_row, rows, cap, n = 0, gap, idx = 0;
	bool take[256] = { false };

	if (!v->sim || v->sim->nhosts == 0)
		return 0;
	no = graph_order(v->sim, order, 256);
	gap = no >= 3 ? 2 : 4;
	per_row = boxes_per_row(r.w, minw, no);
	rows = band_rows(v, r.w, minw, maxrows);
	cap = per_row * rows;
	if (cap > MAX_SHOWN_HOSTS)
		cap = MAX_SHOWN_HOSTS;
	/* who is drawn: everyone if they fit, else the current event's host and the hosts
	 * of its packet's way nearest to it first, then the others in graph order */
	if (no <= cap) {
		for (int i = 0; i < no; i++)
			take[i] = true;
		n = no;
	} else {
		int dist[256];

		for (int i = 0; i < no; i++)
			dist[i] = path_distance(v, order[i]);
		while (n < cap) {
			int pick = -1;

			for (int i = 0; i < no; i++)
				if (!take[i] && (pick < 0 || dist[i] < dist[pick]))
					pick = i;
			take[pick] = true;
			n++;
		}
	}
	rows = (n + per_row - 1) / per_row;
	for (int row = 0; row < rows; row++) {
		int k = (n - row * per_row) < per_row ? n - row * per_row : per_row;
		int bw, total, g = k >= 3 ? 2 : 4;

		if (rows > 1) /* rows of a grid keep one width */
			k = per_row, g = gap;
		bw = (r.w - g * (k - 1)) / k;
		if (bw > 60)
			bw = 60;
		total = bw * k + g * (k - 1);
		for (int c = 0; c < k && idx < n; c++) {
			int i = 0, seen = -1;

			/* the idx-th drawn host, in graph order */
			for (i = 0; i < no; i++)
				if (take[i] && ++seen == idx)
					break;
			hl[idx].host = order[i];
			hl[idx].box = (struct rect){ r.x + (r.w - total) / 2 + c * (bw + g), r.y + row * hb, bw, hb };
			hl[idx].nnic = 0;
			idx++;
		}
	}
	return n;
}

static void draw_wires(struct frame *f, const struct view *v, const struct host_layout *hl, int nh)
{
	for (int i = 0; i + 1 < nh; i++) {
		const struct host *a = v->sim->hosts[hl[i].host];
		int links = 0, gx = hl[i].box.x + hl[i].box.w, gw = hl[i + 1].box.x - gx;

		if (hl[i + 1].box.y != hl[i].box.y)
			continue; /* the next box starts another row */

		for (size_t k = 0; k < a->nnic; k++)
			if (a->nics[k].peer_host == hl[i + 1].host && a->nics[k].kind == NIC_VETH)
				links++;
		if (!links)
			continue;
		for (int k = 0; k < links && k < 3; k++)
			frame_repeat(f, gx, hl[i].nic_row + k, gw, ST_BORDER, frame_sym(f, SYM_WIRE));
	}
}

/* ---- big block text (presenter mode: the field that just changed) ---- */

/* A 3x5 pixel font, FIGlet-style: digits, capitals (lower case is drawn as capitals)
 * and the punctuation of addresses and interface names. */
static const struct {
	char c;
	const char *rows[5];
} big_font[] = {
	{ '0', { "###", "# #", "# #", "# #", "###" } }, { '1', { " # ", "## ", " # ", " # ", "###" } },
	{ '2', { "###", "  #", "###", "#  ", "###" } }, { '3', { "###", "  #", "###", "  #", "###" } },
	{ '4', { "# #", "# #", "###", "  #", "  #" } }, { '5', { "###", "#  ", "###", "  #", "###" } },
	{ '6', { "###", "#  ", "###", "# #", "###" } }, { '7', { "###", "  #", "  #", "  #", "  #" } },
	{ '8', { "###", "# #", "###", "# #", "###" } }, { '9', { "###", "# #", "###", "  #", "###" } },
	{ 'A', { " # ", "# #", "###", "# #", "# #" } }, { 'B', { "## ", "# #", "## ", "# #", "## " } },
	{ 'C', { "###", "#  ", "#  ", "#  ", "###" } }, { 'D', { "## ", "# #", "# #", "# #", "## " } },
	{ 'E', { "###", "#  ", "## ", "#  ", "###" } }, { 'F', { "###", "#  ", "## ", "#  ", "#  " } },
	{ 'G', { "###", "#  ", "# #", "# #", "###" } }, { 'H', { "# #", "# #", "###", "# #", "# #" } },
	{ 'I', { "###", " # ", " # ", " # ", "###" } }, { 'J', { "  #", "  #", "  #", "# #", "###" } },
	{ 'K', { "# #", "# #", "## ", "# #", "# #" } }, { 'L', { "#  ", "#  ", "#  ", "#  ", "###" } },
	{ 'M', { "# #", "###", "###", "# #", "# #" } }, { 'N', { "## ", "# #", "# #", "# #", "# #" } },
	{ 'O', { " # ", "# #", "# #", "# #", " # " } }, { 'P', { "###", "# #", "###", "#  ", "#  " } },
	{ 'Q', { "###", "# #", "# #", "###", "  #" } }, { 'R', { "## ", "# #", "## ", "# #", "# #" } },
	{ 'S', { " ##", "#  ", " # ", "  #", "## " } }, { 'T', { "###", " # ", " # ", " # ", " # " } },
	{ 'U', { "# #", "# #", "# #", "# #", "###" } }, { 'V', { "# #", "# #", "# #", "# #", " # " } },
	{ 'W', { "# #", "# #", "###", "###", "# #" } }, { 'X', { "# #", "# #", " # ", "# #", "# #" } },
	{ 'Y', { "# #", "# #", " # ", " # ", " # " } }, { 'Z', { "###", "  #", " # ", "#  ", "###" } },
	{ '.', { "   ", "   ", "   ", "   ", " # " } }, { ':', { "   ", " # ", "   ", " # ", "   " } },
	{ '-', { "   ", "   ", "###", "   ", "   " } }, { '/', { "  #", "  #", " # ", "#  ", "#  " } },
	{ '_', { "   ", "   ", "   ", "   ", "###" } }, { '*', { "   ", "# #", " # ", "# #", "   " } },
};

#define BIG_ROWS 5

static int big_width(const char *s)
{
	int n = (int)strlen(s);

	return n ? 4 * n - 1 : 0;
}

/* Draws s in block letters at (x, y), BIG_ROWS rows; unknown characters are blank. */
static void draw_big(struct frame *f, int x, int y, enum style st, const char *s)
{
	const char *px = f->ascii ? "#" : "\u2588"; /* full block */

	for (int i = 0; s[i]; i++) {
		char c = s[i] >= 'a' && s[i] <= 'z' ? (char)(s[i] - 'a' + 'A') : s[i];

		for (size_t g = 0; g < sizeof(big_font) / sizeof(big_font[0]); g++) {
			if (big_font[g].c != c)
				continue;
			for (int row = 0; row < BIG_ROWS; row++)
				for (int col = 0; col < 3; col++)
					if (big_font[g].rows[row][col] == '#')
						frame_text(f, x + 4 * i + col, y + row, 1, st, px);
			break;
		}
	}
}

/* ---- packet card ---- */

static const struct trace_event *prev_same_pkt(const struct view *v)
{
	const struct trace_event *e = cur_ev(v);

	if (!e)
		return NULL;
	for (int i = v->cur - 1; i >= 0; i--)
		if (v->t->ev[i].pkt_id == e->pkt_id)
			return &v->t->ev[i];
	return NULL;
}

struct card_row {
	const char *label;
	char value[128];
	int field; /* FIELD_* for the origin tag, -1 none */
	bool changed;
};

static int card_rows(const struct trace_event *e, const struct trace_event *p, struct card_row *r)
{
	char a[16], fl[32];
	int n = 0;

	if (e->pkt.is_arp) {
		r[n] = (struct card_row){ "arp", "", -1, false };
		snprintf(r[n++].value, sizeof(r->value), "%s", e->pkt.arp_op == 2 ? "reply" : "request (who-has)");
		r[n] = (struct card_row){ "sender", "", -1, false };
		snprintf(r[n++].value, sizeof(r->value), "%s", ip_fmt(e->pkt.arp_sip, a));
		r[n] = (struct card_row){ "target", "", -1, false };
		snprintf(r[n++].value, sizeof(r->value), "%s", ip_fmt(e->pkt.arp_tip, a));
		r[n] = (struct card_row){ "oif", "", FIELD_OIF, p && strcmp(p->oif, e->oif) != 0 };
		snprintf(r[n++].value, sizeof(r->value), "%s", e->oif[0] ? e->oif : "-");
		r[n] = (struct card_row){ "iif", "", -1, false };
		snprintf(r[n++].value, sizeof(r->value), "%s", e->iif[0] ? e->iif : "-");
		return n;
	}
	/* a field not set yet (the socket has no source before routing) shows "-" */
	r[n] = (struct card_row){ "src", "", FIELD_SRC, p && p->pkt.src != e->pkt.src };
	snprintf(r[n++].value, sizeof(r->value), "%s", e->pkt.src ? ip_fmt(e->pkt.src, a) : "-");
	r[n] = (struct card_row){ "dst", "", FIELD_DST, p && p->pkt.dst != e->pkt.dst };
	snprintf(r[n++].value, sizeof(r->value), "%s", e->pkt.dst ? ip_fmt(e->pkt.dst, a) : "-");
	if (e->pkt.proto == PKT_PROTO_ICMP) { /* type and code travel in sport and dport */
		const char *tn = icmp_type_name(e->pkt.sport), *cn = icmp_code_name(e->pkt.sport, e->pkt.dport);

		r[n] = (struct card_row){ "type", "", FIELD_SPORT, p && p->pkt.sport != e->pkt.sport };
		snprintf(r[n++].value, sizeof(r->value), "%u%s%s", e->pkt.sport, tn ? " " : "", tn ? tn : "");
		r[n] = (struct card_row){ "code", "", FIELD_DPORT, p && p->pkt.dport != e->pkt.dport };
		snprintf(r[n++].value, sizeof(r->value), "%u%s%s", e->pkt.dport, cn ? " " : "", cn ? cn : "");
	} else {
		r[n] = (struct card_row){ "sport", "", FIELD_SPORT, p && p->pkt.sport != e->pkt.sport };
		if (e->pkt.sport)
			snprintf(r[n++].value, sizeof(r->value), "%u", e->pkt.sport);
		else
			snprintf(r[n++].value, sizeof(r->value), "-");
		r[n] = (struct card_row){ "dport", "", FIELD_DPORT, p && p->pkt.dport != e->pkt.dport };
		if (e->pkt.dport)
			snprintf(r[n++].value, sizeof(r->value), "%u", e->pkt.dport);
		else
			snprintf(r[n++].value, sizeof(r->value), "-");
	}
	r[n] = (struct card_row){ "oif", "", FIELD_OIF, p && strcmp(p->oif, e->oif) != 0 };
	snprintf(r[n++].value, sizeof(r->value), "%s%s%s", e->oif[0] ? e->oif : "-", e->iif[0] ? "  iif " : "",
		 e->iif);
	tcp_flags_str(e->pkt.tcp_flags, fl, sizeof(fl));
	/* the TTL once the IP header has one; a router's decrement marks the row changed */
	r[n] = (struct card_row){ "proto", "", -1,
				  p && (p->pkt.proto != e->pkt.proto || p->pkt.tcp_flags != e->pkt.tcp_flags ||
					(p->pkt.ttl && p->pkt.ttl != e->pkt.ttl)) };
	if (e->pkt.ttl)
		snprintf(r[n++].value, sizeof(r->value), "%s%s%s%s ttl %u", proto_name(e->pkt.proto),
			 fl[0] ? " [" : "", fl, fl[0] ? "]" : "", e->pkt.ttl);
	else
		snprintf(r[n++].value, sizeof(r->value), "%s%s%s%s ttl -", proto_name(e->pkt.proto),
			 fl[0] ? " [" : "", fl, fl[0] ? "]" : "");
	r[n] = (struct card_row){ "data", "", -1, p && strcmp(p->pkt.payload, e->pkt.payload) != 0 };
	snprintf(r[n++].value, sizeof(r->value), "%s%s%s", e->pkt.payload[0] ? "\"" : "",
		 e->pkt.payload[0] ? e->pkt.payload : "(none)", e->pkt.payload[0] ? "\"" : "");
	return n;
}

static void draw_card(struct frame *f, const struct view *v, struct rect r, bool large)
{
	const struct trace_event *e = cur_ev(v);
	const struct trace_event *p = prev_same_pkt(v);
	struct card_row rows[8];
	char title[128], fl[32], bigtext[80] = "";
	int n, y, x = r.x + 2, w = r.w - 4, vw = large ? 24 : 15, lw = large ? 8 : 6, spacing, big = -1;

	if (v->hits)
		v->hits->card = r;
	if (!e) {
		frame_box(f, r, ST_BORDER, "packet", ST_TITLE);
		frame_text(f, x, r.y + 1, w, ST_DIM, v->t && v->t->n ? "" : "the scene sends no packets");
		return;
	}
	if (e->stage == TRACE_CONFIG || e->stage == TRACE_ERROR ||
	    (!e->pkt.is_arp && !e->pkt.proto && !e->pkt.src && !e->pkt.dst)) {
		bool con = e->stage == TRACE_CONFIG && ev_from_console(v, v->cur);
		char text[400];

		snprintf(title, sizeof(title), "%s on %s",
			 con ? "console edit" : e->stage == TRACE_CONFIG ? "network change" : e->stage == TRACE_ERROR ? "error" : trace_stage_name(e->stage),
			 e->host_name);
		frame_box(f, r, ST_BORDER, title, ST_TITLE);
		snprintf(text, sizeof(text), "%s%s", con ? "console: " : "", e->why[0] ? e->why : trace_stage_name(e->stage));
		wrap_at(f, x, r.y + 1, w, r.h - 2, e->stage == TRACE_ERROR ? ST_BAD : ST_SELECTED, false, text);
		return;
	}
	tcp_flags_str(e->pkt.tcp_flags, fl, sizeof(fl));
	snprintf(title, sizeof(title), "%spacket #%d %s on %s", focus_mark(f, v, PANE_CARD), e->pkt_id,
		 e->pkt.is_arp ? "ARP" : proto_name(e->pkt.proto), e->host_name);
	frame_box(f, r, v->focus == PANE_CARD ? ST_SELECTED : ST_BORDER, title, ST_TITLE);
	n = card_rows(e, p, rows);
	/* presenter: the field that just changed, in block letters, when it fits */
	if (large) {
		for (int i = 0; i < n && big < 0; i++)
			if (rows[i].changed && rows[i].field >= 0)
				big = i;
		if (big >= 0) {
			char val[48];

			field_value(e, rows[big].field, val, sizeof(val));
			if (big_width(val) + 4 + big_width(rows[big].label) <= w)
				snprintf(bigtext, sizeof(bigtext), "%.16s %.47s", rows[big].label, val);
			else if (big_width(val) <= w)
				snprintf(bigtext, sizeof(bigtext), "%s", val);
			else
				big = -1;
		}
		if (big >= 0 && r.h - 2 >= 2 * n + 3 + BIG_ROWS + 2)
			spacing = 2;
		else if (big >= 0 && r.h - 2 >= n + 3 + BIG_ROWS + 2)
			spacing = 1;
		else {
			big = -1;
			spacing = r.h - 2 >= 2 * n + 3 ? 2 : 1;
		}
	} else {
		spacing = 1;
	}
	y = r.y + 1;
	for (int i = 0; i < n && y < r.y + r.h - 1; i++, y += spacing) {
		int col = 0;
		enum origin o = rows[i].field >= 0 ? e->from[rows[i].field] : ORIGIN_NONE;

		if (v->hits && rows[i].field >= 0)
			v->hits->field_y[rows[i].field] = y;
		col += frame_text(f, x + col, y, w - col, rows[i].changed ? ST_CHANGED : ST_NORMAL,
				  rows[i].changed ? frame_sym(f, SYM_CHANGED) : " ");
		col += frame_printf(f, x + col, y, lw, rows[i].field >= 0 && rows[i].field == v->inspect ? ST_CURRENT : ST_DIM,
				    "%s", rows[i].label);
		col = 1 + lw;
		frame_text(f, x + col, y, rows[i].field == FIELD_OIF || rows[i].field < 0 ? w - col : vw,
			   rows[i].changed ? ST_CHANGED : ST_NORMAL, rows[i].value);
		if (rows[i].field >= 0 && o != ORIGIN_NONE) {
			int vcol = text_width(rows[i].value);

			if (vcol < vw)
				vcol = vw;
			frame_printf(f, x + col + vcol + 1, y, w - col - vcol - 1, origin_style(o), "[%s]", origin_name(o));
		}
	}
	if (big >= 0 && y + BIG_ROWS < r.y + r.h - 1) {
		draw_big(f, x + 1, y, ST_CAPTION, bigtext);
		y += BIG_ROWS + 1;
	}
	/* the provenance sentence of the inspected field (Enter, or a click on it) */
	if (v->inspect >= 0 && v->inspect < FIELD__COUNT && y < r.y + r.h - 1) {
		char prov[600];
		bool shown = false;

		for (int i = 0; i < n; i++)
			shown |= rows[i].field == v->inspect;
		if (shown) {
			view_provenance(v, v->inspect, prov, sizeof(prov));
			if (spacing == 1 && r.h - 2 - n > 2)
				y++;
			frame_text(f, x, y, 5, ST_KEY, "from ");
			y += wrap_at(f, x + 5, y, w - 5, r.y + r.h - 1 - y, ST_SELECTED, false, prov);
		}
	}
	/* why, and the verdict in words (never by colour alone) */
	if (y < r.y + r.h - 1) {
		char why[400];

		snprintf(why, sizeof(why), "%s%s%s", e->verdict[0] ? e->verdict : "", e->verdict[0] ? ": " : "",
			 e->why[0] ? e->why : trace_stage_name(e->stage));
		if (spacing == 1 && r.h - 2 - n > 2 && v->inspect < 0)
			y++; /* keep one blank row between fields and why when it fits */
		frame_text(f, x, y, 4, ST_DIM, "why ");
		y += wrap_at(f, x + 4, y, w - 4, r.y + r.h - 1 - y,
			strcmp(e->verdict, "DROP") == 0 || e->stage == TRACE_DROP || e->stage == TRACE_ERROR
				? ST_BAD
				: ST_NORMAL,
			false, why);
	}
	/* with room to spare: the kernel's log line and this packet's journey so far */
	if (!large && y + 4 < r.y + r.h - 1) {
		struct strbuf sb;

		strbuf_init(&sb);
		trace_event_text(e, &sb);
		y++;
		frame_text(f, x, y, 4, ST_DIM, "log ");
		y += wrap_at(f, x + 4, y, w - 4, 3, ST_NORMAL, false, sb.buf);
		strbuf_release(&sb);
		y++;
		if (y < r.y + r.h - 2) {
			frame_printf(f, x, y++, w, ST_DIM, "journey of packet #%d", e->pkt_id);
			for (int i = 0; i <= v->cur && y < r.y + r.h - 1; i++) {
				const struct trace_event *pe = &v->t->ev[i];
				char where[48];

				if (pe->pkt_id != e->pkt_id)
					continue;
				ev_where(pe, where, sizeof(where));
				frame_printf(f, x, y++, w, i == v->cur ? ST_CURRENT : ST_NORMAL, "%3d %-6.6s %-10s %s%s%s%s %s",
					     pe->seq + 1, pe->host_name, where, pe->iif[0] ? "IN=" : "", pe->iif,
					     pe->oif[0] ? " OUT=" : "", pe->oif, pe->verdict);
			}
		}
	}
}

/* ---- event list ---- */

static void draw_events(struct frame *f, const struct view *v, struct rect r)
{
	int rows = r.h - 2, first, x = r.x + 1, w = r.w - 2, nvis = 0, pos = -1;
	bool wide = w >= 56;
	char title[96];
	int *vis;

	for (int i = 0; v->t && i < (int)v->t->n; i++)
		nvis += view_ev_visible(v, i);
	if (v->filter)
		snprintf(title, sizeof(title), "%sevents %d/%zu, %d shown", focus_mark(f, v, PANE_EVENTS),
			 v->cur + 1, v->t ? v->t->n : (size_t)0, nvis);
	else
		snprintf(title, sizeof(title), "%sevents %d/%zu", focus_mark(f, v, PANE_EVENTS), v->cur + 1,
			 v->t ? v->t->n : (size_t)0);
	frame_box(f, r, v->focus == PANE_EVENTS ? ST_SELECTED : ST_BORDER, title, ST_TITLE);
	if (!v->t || rows < 1)
		return;
	vis = xmalloc(((size_t)nvis + 1) * sizeof(*vis));
	nvis = 0;
	for (int i = 0; i < (int)v->t->n; i++) {
		if (!view_ev_visible(v, i))
			continue;
		if (pos < 0 && i >= v->cur)
			pos = nvis;
		vis[nvis++] = i;
	}
	if (pos < 0)
		pos = nvis - 1;
	first = pos - rows / 2;
	if (first + rows > nvis)
		first = nvis - rows;
	if (first < 0)
		first = 0;
	if (v->hits) {
		v->hits->events = (struct rect){ x, r.y + 1, w, rows };
		v->hits->ev_first = nvis ? vis[first] : 0;
		for (int i = 0; i < HITS_MAX_ROWS; i++)
			v->hits->ev_row[i] = i < rows && first + i < nvis ? vis[first + i] : -1;
	}
	if (nvis == 0)
		frame_text(f, x + 1, r.y + 1, w - 1, ST_DIM, "the filter hides every event (f)");
	for (int i = 0; i < rows && first + i < nvis; i++) {
		int idx = vis[first + i];
		const struct trace_event *e = &v->t->ev[idx];
		char where[48], detail[96], a[16], b[16];
		bool on = idx == v->cur;

		ev_where(e, where, sizeof(where));
		if (e->stage == TRACE_CONFIG && ev_from_console(v, idx))
			snprintf(where, sizeof(where), "console");
		detail[0] = '\0';
		if (e->pkt.is_arp)
			snprintf(detail, sizeof(detail), "arp %s %s", e->pkt.arp_op == 2 ? "reply" : "who-has",
				 ip_fmt(e->pkt.arp_tip, a));
		else if (e->iif[0] || e->oif[0])
			snprintf(detail, sizeof(detail), "%s%s%s%s%s", e->iif[0] ? "IN=" : "", e->iif,
				 e->iif[0] && e->oif[0] ? " " : "", e->oif[0] ? "OUT=" : "", e->oif);
		if (wide && !e->pkt.is_arp && e->stage != TRACE_CONFIG) {
			size_t len = strlen(detail);

			snprintf(detail + len, sizeof(detail) - len, "%s%s>%s", len ? " " : "",
				 ip_or_star(e->pkt.src, a), ip_or_star(e->pkt.dst, b));
		}
		if (on)
			frame_fill(f, (struct rect){ x, r.y + 1 + i, w, 1 }, ST_CURRENT);
		frame_printf(f, x, r.y + 1 + i, w, on ? ST_CURRENT : ST_NORMAL, "%s%3d %-6.6s %-10.10s %s%s%s",
			     on ? frame_sym(f, SYM_POINTER) : " ", e->seq + 1, e->host_name, where, detail,
			     e->verdict[0] ? " " : "", e->verdict);
		if (!on && v->search && view_ev_match(v->t, idx, v->search))
			frame_restyle(f, (struct rect){ x + 1, r.y + 1 + i, 3, 1 }, ST_MATCH);
	}
	free(vis);
}

/* ---- route table ---- */

static int shown_host(const struct view *v)
{
	const struct trace_event *e = cur_ev(v);

	if (!v->sim || v->sim->nhosts == 0)
		return -1;
	if (v->sel_host >= 0 && (size_t)v->sel_host < v->sim->nhosts)
		return v->sel_host;
	if (e && e->host >= 0 && (size_t)e->host < v->sim->nhosts)
		return e->host;
	return 0;
}

/* The routing decision behind the current event: its own, else the latest one for the
 * same packet on the same host (its neighbour, netfilter and NIC events follow it), as
 * the engine recorded it. NULL when the packet was not routed here. */
static const struct trace_route *decision_of(const struct view *v)
{
	const struct trace_event *e = cur_ev(v);

	for (int i = v->cur; e && i >= 0; i--) {
		const struct trace_event *p = &v->t->ev[i];

		if (p->host != e->host || p->pkt_id != e->pkt_id || e->pkt_id == 0)
			continue;
		if (p->route.set)
			return &p->route;
		if (is_route_stage(p->stage))
			return NULL;
	}
	return e && e->route.set ? &e->route : NULL;
}

/* "10.0.1.10:40000 > 10.0.2.20:80" (ICMP: "10.0.1.10 > 10.0.2.20 id 7") */
static void ct_tuple_text(const struct ct_tuple *t, struct strbuf *sb)
{
	if (t->proto == PKT_PROTO_ICMP) {
		strbuf_printf(sb, "%s > ", ip_str(t->src));
		strbuf_printf(sb, "%s id %u", ip_str(t->dst), t->sport);
		return;
	}
	strbuf_printf(sb, "%s:%u > ", ip_str(t->src), t->sport);
	strbuf_printf(sb, "%s:%u", ip_str(t->dst), t->dport);
}

/* The host's conntrack entries from row y (below a "conntrack" heading), two rows each:
 * the original direction with the protocol and TCP state, then the reply direction,
 * where a NAT binding shows. Returns the next free row. */
static int draw_conntrack(struct frame *f, const struct host *h, int x, int y, int w, int bottom)
{
	const struct ct_table *t = h->nf ? h->nf->ct : NULL;
	struct strbuf sb;
	size_t n = 0;

	for (size_t i = 0; t && i < t->n; i++)
		n += ct_entry_listed(h, &t->e[i]);
	if (n == 0 || y + 3 > bottom)
		return y;
	frame_printf(f, x + 1, y++, w - 1, ST_TITLE, "conntrack (%zu)", n);
	strbuf_init(&sb);
	for (size_t i = 0; i < t->n && y + 2 <= bottom; i++) {
		const struct ct_entry *ce = &t->e[i];
		const char *pn = ce->t[0].proto == PKT_PROTO_TCP ? "tcp" : ce->t[0].proto == PKT_PROTO_UDP ? "udp" : "icmp";

		if (!ct_entry_listed(h, ce))
			continue;
		strbuf_reset(&sb);
		strbuf_printf(&sb, "%s %s", pn, ce->t[0].proto == PKT_PROTO_TCP ? ct_tcp_state_name(ce->tcp) : "");
		if (ce->t[0].proto != PKT_PROTO_TCP)
			sb.buf[--sb.len] = '\0';
		strbuf_puts(&sb, " ");
		ct_tuple_text(&ce->t[CT_DIR_ORIG], &sb);
		if (!ce->seen_reply)
			strbuf_puts(&sb, " [UNREPLIED]");
		frame_text(f, x + 1, y++, w - 1, ST_NORMAL, sb.buf);
		strbuf_reset(&sb);
		strbuf_puts(&sb, "  reply ");
		ct_tuple_text(&ce->t[CT_DIR_REPLY], &sb);
		if (ce->assured)
			strbuf_puts(&sb, " [ASSURED]");
		frame_text(f, x + 1, y++, w - 1, ce->snat || ce->dnat ? ST_O_NAT : ST_NORMAL, sb.buf);
	}
	strbuf_release(&sb);
	return y;
}

/* The host's neighbours from row y (below a "neighbours" heading), one `ip neigh`
 * line each, while rows remain. */
static void draw_neighbours(struct frame *f, const struct host *h, int x, int y, int w, int bottom)
{
	struct strbuf sb;
	size_t n = 0;

	for (size_t i = 0; i < h->nneigh; i++)
		n += (h->neigh[i].state & NEIGH_SHOW_DEFAULT) != 0;
	if (n == 0 || y + 2 > bottom)
		return;
	frame_printf(f, x + 1, y++, w - 1, ST_TITLE, "neighbours (%zu)", n);
	strbuf_init(&sb);
	for (size_t i = 0; i < h->nneigh && y < bottom; i++) {
		if (!(h->neigh[i].state & NEIGH_SHOW_DEFAULT))
			continue;
		strbuf_reset(&sb);
		neigh_fmt(h, &h->neigh[i], true, &sb);
		frame_text(f, x + 1, y++, w - 1, ST_NORMAL, sb.buf);
	}
	strbuf_release(&sb);
}

static void draw_routes(struct frame *f, const struct view *v, struct rect r, bool full)
{
	int hi = shown_host(v), y = r.y + 1, x = r.x + 1, w = r.w - 2;
	const struct trace_event *e = cur_ev(v);
	const struct route *match = NULL;
	struct host *h;
	char title[96];
	struct strbuf sb;
	int skip;

	if (v->hits)
		v->hits->routes = r;
	if (hi < 0) {
		frame_box(f, r, ST_BORDER, "routes", ST_TITLE);
		return;
	}
	h = v->sim->hosts[hi];
	if (e && e->host == hi && !e->pkt.is_arp) {
		const struct trace_route *k = decision_of(v);

		if (k)
			match = host_route_by_key(h, k);
	}
	snprintf(title, sizeof(title), "%sroutes %s%s%s", focus_mark(f, v, PANE_ROUTES), h->name,
		 match ? " for dst " : "", match ? ip_str(e->pkt.dst) : "");
	frame_box(f, r, v->focus == PANE_ROUTES ? ST_SELECTED : ST_BORDER, title, ST_TITLE);
	/* the matching route stays in sight: when it would fall below the pane, the lines
	 * before it scroll away (skip counts the routes left out at the top) */
	{
		int before = 0, rows = r.h - 2;
		bool seen = false;

		for (size_t ti = 0; ti < h->ntables && match && !seen; ti++) {
			const struct table *t = &h->tables[ti];

			for (const struct route *rt = table_first(t); rt; rt = table_next(t, rt)) {
				if (rt == match) {
					seen = true;
					break;
				}
				if (t->id != RT_TABLE_LOCAL)
					before++;
			}
		}
		skip = seen && before >= rows ? before - rows + 1 : 0;
	}
	strbuf_init(&sb);
	for (size_t ti = 0; ti < h->ntables; ti++) {
		const struct table *t = &h->tables[ti];
		bool local = t->id == RT_TABLE_LOCAL;

		for (const struct route *rt = table_first(t); rt && y < r.y + r.h - 1; rt = table_next(t, rt)) {
			bool on = rt == match;

			/* the local table is long and always the same shape: show only its match */
			if (local && !on)
				continue;
			if (skip > 0 && !on) {
				skip--;
				continue;
			}
			strbuf_reset(&sb);
			if (full) {
				fmt_route(h, rt, t->id != RT_TABLE_MAIN, &sb);
				while (sb.len && (sb.buf[sb.len - 1] == '\n' || sb.buf[sb.len - 1] == ' '))
					sb.buf[--sb.len] = '\0';
			}
			else {
				if (t->id != RT_TABLE_MAIN) {
					char tb[32];

					strbuf_printf(&sb, "[%s] ", rt_table_name(t->id, tb, sizeof(tb)));
				}
				ui_route_short(h, rt, &sb, w - 1);
			}
			if (on)
				frame_fill(f, (struct rect){ x, y, w, 1 }, ST_MATCH);
			frame_printf(f, x, y++, w, on ? ST_MATCH : ST_NORMAL, "%s%s", on ? frame_sym(f, SYM_POINTER) : " ",
				     sb.buf);
		}
	}
	if (y == r.y + 1)
		frame_text(f, x + 1, y++, w - 1, ST_DIM, "no routes");
	strbuf_release(&sb);
	/* below the routes, while rows remain: the connections the host tracks (with their
	 * NAT bindings) and its neighbours, as `conntrack -L` and `ip neigh` list them at
	 * this event */
	y = draw_conntrack(f, h, x, y, w, r.y + r.h - 1);
	draw_neighbours(f, h, x, y, w, r.y + r.h - 1);
}

/* ---- bars ---- */

static void draw_title(struct frame *f, const struct view *v)
{
	int si = view_step_of(v->t, v->cur);
	char right[96];
	int rw;

	frame_fill(f, (struct rect){ 0, 0, f->w, 1 }, ST_TITLE);
	snprintf(right, sizeof(right), " %sstep %d/%zu %s ev %d/%zu ", v->playing ? "PLAYING " : "", si + 1,
		 v->t ? v->t->nsteps : (size_t)0, frame_sym(f, SYM_DOT), v->cur + 1, v->t ? v->t->n : (size_t)0);
	rw = text_width(right);
	{
		char left[400];
		const char *label = si >= 0 ? v->t->steps[si].label : "";

		snprintf(left, sizeof(left), " pktpath %s %s%s%s", frame_sym(f, SYM_DOT), v->title ? v->title : "",
			 label[0] ? " : " : "", label);
		frame_text(f, 0, 0, f->w - rw - 1, ST_TITLE, left);
	}
	frame_text(f, f->w - rw, 0, rw, ST_TITLE, right);
}

static void draw_status(struct frame *f, const struct view *v)
{
	const char *keys;
	char buf[512], filt[96] = "";
	bool typing = v->con && v->con->focused && !v->presenter;
	int y = f->h - 1 - (typing ? 1 : 0), len = 0;

	if (v->help)
		keys = "PgUp/PgDn scroll  ?/Esc close help";
	else if (v->prompt_input)
		keys = "Enter keep  Esc cancel  (n/N next/prev match later)";
	else if (v->prompt)
		keys = "G step  gg event  Esc cancel";
	else if (v->presenter) /* the beat sits in its key's hint: the row stays short */
		keys = v->beat == BEAT_STEP  ? "PgDn next  PgUp back  ]/[ step  B beat: step  . blank  Esc leave"
		       : v->beat == BEAT_HOP ? "PgDn next  PgUp back  ]/[ step  B beat: hop  . blank  Esc leave"
					     : "PgDn next  PgUp back  ]/[ step  B beat: event  . blank  Esc leave";
	else if (typing)
		keys = "Esc view  Tab complete  Up/Down history  ^R search  ^C clear  PgDn/PgUp step";
	else if (f->w >= 120)
		keys = "Space next  PgUp back  ]/[ step  P play  F5 present  / search  f filter  z zoom  Tab focus  : console  ? help  q quit";
	else if (f->w >= 100)
		keys = "Space next  PgUp back  ]/[ step  P play  F5 present  / search  f filter  : console  ? help  q quit";
	else
		keys = "Space next  PgUp back  ]/[ step  P play  F5 present  : console  ? help  q quit";
	frame_fill(f, (struct rect){ 0, y, f->w, 1 }, ST_STATUS);
	if (v->filter && v->sim) {
		const char *hn = v->filter_host >= 0 && (size_t)v->filter_host < v->sim->nhosts
					 ? v->sim->hosts[v->filter_host]->name
					 : "?";

		filter_describe(v->filter, hn, filt, sizeof(filt));
	}
	buf[0] = '\0';
	if (v->prompt)
		len += snprintf(buf + len, sizeof(buf) - (size_t)len, " %s %s", v->prompt, frame_sym(f, SYM_DOT));
	if (filt[0] && len < (int)sizeof(buf))
		len += snprintf(buf + len, sizeof(buf) - (size_t)len, " filter: %s %s", filt, frame_sym(f, SYM_DOT));
	if (v->beat != BEAT_EVENT && !v->presenter && len < (int)sizeof(buf))
		len += snprintf(buf + len, sizeof(buf) - (size_t)len, " beat: %s (B) %s", beat_name(v->beat),
				frame_sym(f, SYM_DOT));
	if (v->zoom && !v->presenter && len < (int)sizeof(buf))
		len += snprintf(buf + len, sizeof(buf) - (size_t)len, " zoom: %s (z) %s",
				v->focus == PANE_CARD ? "packet" : v->focus == PANE_ROUTES ? "routes" : v->focus == PANE_HOST ? "host" : "events",
				frame_sym(f, SYM_DOT));
	if (v->msg && *v->msg && len < (int)sizeof(buf))
		len += snprintf(buf + len, sizeof(buf) - (size_t)len, " %s %s", v->msg, frame_sym(f, SYM_DOT));
	else if (v->playing && len < (int)sizeof(buf))
		len += snprintf(buf + len, sizeof(buf) - (size_t)len, " speed %d/5 (+/-) %s", v->speed, frame_sym(f, SYM_DOT));
	if (len < (int)sizeof(buf))
		snprintf(buf + len, sizeof(buf) - (size_t)len, " %s", keys);
	frame_text(f, 0, y, f->w, ST_STATUS, buf);
	if (v->prompt_input && v->hits && !typing) {
		v->hits->cursor_x = 1 + text_width(v->prompt);
		v->hits->cursor_y = y;
		if (v->hits->cursor_x >= f->w)
			v->hits->cursor_x = f->w - 1;
	}
}

static int help_visible_rows(int fh)
{
	size_t n;
	int h;

	keys_help(&n);
	h = (int)n + 4;
	if (h > fh - 2)
		h = fh - 2;
	return h - 3 > 0 ? h - 3 : 0;
}

int view_help_max_scroll(int fh)
{
	size_t n;
	int m;

	keys_help(&n);
	m = (int)n - help_visible_rows(fh);
	return m > 0 ? m : 0;
}

static void draw_help(struct frame *f, const struct view *v)
{
	size_t n;
	const struct key_help *kh = keys_help(&n);
	int w = 72, h = (int)n + 4, rows = help_visible_rows(f->h), first = v->help_scroll;
	struct rect r;
	char more[64];

	if (w > f->w - 2)
		w = f->w - 2;
	if (h > f->h - 2)
		h = f->h - 2;
	if (first > view_help_max_scroll(f->h))
		first = view_help_max_scroll(f->h);
	if (first < 0)
		first = 0;
	r = (struct rect){ (f->w - w) / 2, (f->h - h) / 2, w, h };
	frame_fill(f, r, ST_NORMAL);
	frame_box(f, r, ST_SELECTED, "help: keys (? or Esc closes)", ST_TITLE);
	for (int i = 0; i < rows && first + i < (int)n; i++) {
		frame_text(f, r.x + 2, r.y + 2 + i, 18, ST_KEY, kh[first + i].keys);
		frame_text(f, r.x + 21, r.y + 2 + i, w - 23, ST_NORMAL, kh[first + i].help);
	}
	if (rows < (int)n) {
		snprintf(more, sizeof(more), " rows %d-%d of %zu, PgUp/PgDn ", first + 1, first + rows, n);
		frame_text(f, r.x + w - 2 - text_width(more), r.y + h - 1, -1, ST_TITLE, more);
	}
}

/* ---- layouts ---- */

/* The narrowest host box: the chain of stages fits in it from these widths. */
#define BOX_MIN_BIG 36
#define BOX_MIN_SMALL 24

/* Host boxes hb rows high in up to maxrows rows in r, with the packet marker on r's
 * last row. */
static void draw_hosts_band(struct frame *f, const struct view *v, struct rect r, bool big, int addr_rows,
			    int nic_rows, int hb, int maxrows)
{
	struct host_layout hl[MAX_SHOWN_HOSTS];
	int nh = layout_hosts(v, (struct rect){ r.x, r.y, r.w, r.h - 1 }, hb, big ? BOX_MIN_BIG : BOX_MIN_SMALL,
			      maxrows, hl);

	if (nh == 0) {
		frame_text(f, r.x + 2, r.y + 1, r.w - 4, ST_DIM, "no hosts yet");
		return;
	}
	for (int i = 0; i < nh; i++) {
		draw_host(f, v, &hl[i], big, addr_rows, nic_rows);
		if (v->hits && i < HITS_MAX_HOSTS) {
			v->hits->host_box[i] = hl[i].box;
			v->hits->host_idx[i] = hl[i].host;
			v->hits->nhosts = i + 1;
		}
	}
	draw_wires(f, v, hl, nh);
	if (v->sim->nhosts > (size_t)nh) {
		/* the hosts not drawn are named, never silently hidden */
		char names[160];
		int len, w = r.w >= 160 ? 48 : r.w >= 120 ? 32 : 16;

		len = snprintf(names, sizeof(names), "+%zu:", v->sim->nhosts - (size_t)nh);
		for (size_t i = 0; i < v->sim->nhosts && len < (int)sizeof(names); i++) {
			bool shown = false;

			for (int k = 0; k < nh; k++)
				shown |= hl[k].host == (int)i;
			if (!shown)
				len += snprintf(names + len, sizeof(names) - (size_t)len, " %s", v->sim->hosts[i]->name);
		}
		if (text_width(names) > w) /* cut, and say so */
			frame_printf(f, r.x + r.w - w, r.y, w - 1, ST_DIM, "%s", names), frame_text(f, r.x + r.w - 1, r.y, 1, ST_DIM, "…");
		else
			frame_text(f, r.x + r.w - text_width(names), r.y, -1, ST_DIM, names);
	}
	draw_marker(f, v, hl, nh, r.y + r.h - 1);
}

static int max_addrs(const struct view *v, int cap)
{
	size_t m = 1;

	for (size_t i = 0; v->sim && i < v->sim->nhosts; i++)
		for (size_t k = 0; k < v->sim->hosts[i]->nnic; k++)
			if (v->sim->hosts[i]->nics[k].naddr > m)
				m = v->sim->hosts[i]->nics[k].naddr;
	return (int)m < cap ? (int)m : cap;
}

static int max_nics(const struct view *v, int cap)
{
	int m = 1;

	for (size_t i = 0; v->sim && i < v->sim->nhosts; i++) {
		int c = 0;

		for (size_t k = 0; k < v->sim->hosts[i]->nnic; k++)
			c += nic_shown(&v->sim->hosts[i]->nics[k]);
		if (c > m)
			m = c;
	}
	return m < cap ? m : cap;
}

/* z: the focused pane (the event list when nothing has the focus) fills the screen
 * between the title bar and the status line. */
static void layout_zoom(struct frame *f, const struct view *v)
{
	struct rect body = { 0, 1, f->w, f->h - 2 };

	draw_title(f, v);
	switch (v->focus) {
	case PANE_CARD:
		draw_card(f, v, body, false);
		break;
	case PANE_ROUTES:
		draw_routes(f, v, body, true);
		break;
	case PANE_HOST: {
		struct host_layout hl;
		int hi = shown_host(v);

		if (hi < 0)
			break;
		memset(&hl, 0, sizeof(hl));
		hl.host = hi;
		hl.box = (struct rect){ 0, 1, f->w > 100 ? 100 : f->w, 9 + max_addrs(v, 8) + 1 };
		draw_host(f, v, &hl, true, max_addrs(v, 8), max_addrs(v, 8) + 2);
		draw_routes(f, v, (struct rect){ 0, 1 + hl.box.h, f->w, f->h - 2 - hl.box.h }, true);
		break;
	}
	case PANE_NONE:
	case PANE_EVENTS:
		draw_events(f, v, body);
		break;
	}
	draw_status(f, v);
}

static void layout_normal(struct frame *f, const struct view *v)
{
	bool big = f->w >= 120 && f->h >= 36;
	int addr_rows = big ? max_addrs(v, 3) : 1;
	int nic_rows = big ? addr_rows + 2 : max_nics(v, 2);
	/* box: border, sock×2, [app], chain, [token, what acted], nics, addrs, [peer], border */
	int hb = big ? 9 + addr_rows + 1 : 5 + (nic_rows > 2 ? nic_rows : 2);
	/* rows of boxes: as many as the network needs while the panes below keep 16 rows
	 * (and the narration 6) */
	int rows = band_rows(v, f->w, big ? BOX_MIN_BIG : BOX_MIN_SMALL, big ? (f->h - 2 - 6 - 16) / hb : 1);
	int y0 = 1 + rows * hb + 1;
	int bottom = f->h - 1; /* status line */
	int si = view_step_of(v->t, v->cur);
	const char *cap = view_caption(v, si);
	int lw, rw, ev_h;

	draw_title(f, v);
	/* the narration always shows: whole on large screens (up to 6 rows from 120x40, 3
	 * below), its first row on small ones; when cut, "… (s)" says how to read the rest */
	if (cap[0]) {
		struct cap_lines *need = xcalloc(1, sizeof(*need));
		int maxrows = !big ? 1 : f->h >= 40 ? 6 : 3, caprows;

		text_wrap(cap, f->w - 2, cap_emit, need);
		caprows = need->n < maxrows ? need->n : maxrows;
		free(need);
		bottom -= caprows;
		draw_caption(f, 1, bottom, f->w - 2, caprows, false, cap);
	}
	draw_hosts_band(f, v, (struct rect){ 0, 1, f->w, rows * hb + 1 }, big, addr_rows, nic_rows, hb, rows);
	lw = big ? f->w / 2 : 41;
	rw = f->w - lw;
	draw_card(f, v, (struct rect){ 0, y0, lw, bottom - y0 }, false);
	ev_h = (bottom - y0) / 2;
	if (ev_h < 5)
		ev_h = 5;
	draw_events(f, v, (struct rect){ lw, y0, rw, ev_h });
	draw_routes(f, v, (struct rect){ lw, y0 + ev_h, rw, bottom - y0 - ev_h }, rw >= 70);
	draw_status(f, v);
}

static void layout_presenter(struct frame *f, const struct view *v)
{
	int si = view_step_of(v->t, v->cur);
	const char *cap = view_caption(v, si);
	int y = 1, caprows = f->h >= 40 ? 6 : f->h >= 30 ? 4 : 3, hb = 7, bottom = f->h - 1;
	char head[256];

	frame_fill(f, (struct rect){ 0, 0, f->w, 1 }, ST_TITLE);
	snprintf(head, sizeof(head), " step %d/%zu  %s", si + 1, v->t ? v->t->nsteps : (size_t)0,
		 si >= 0 ? v->t->steps[si].label : "");
	frame_text(f, 0, 0, f->w, ST_TITLE, head);
	/* the narration is the headline: centred, up to caprows lines, "… (s)" when cut */
	if (cap[0])
		draw_caption(f, 2, y, f->w - 4, caprows, true, cap);
	else if (v->title)
		centre(f, y, ST_CAPTION, v->title);
	y += caprows;
	draw_hosts_band(f, v, (struct rect){ 0, y, f->w, hb + 1 }, false, 1, 2, hb, 1);
	y += hb + 1;
	draw_card(f, v, (struct rect){ f->w >= 100 ? (f->w - 96) / 2 : 0, y, f->w >= 100 ? 96 : f->w, bottom - y },
		  true);
	draw_status(f, v);
}

/* ---- console ---- */

/* Bytes of s that cover its first cols display columns (a wide glyph cut in two is
 * skipped whole); *skipped gets the columns actually skipped. */
static const char *skip_cols(const char *s, int cols, int *skipped)
{
	mbstate_t st;
	int done = 0;

	memset(&st, 0, sizeof(st));
	while (*s && done < cols) {
		wchar_t wc;
		size_t k = mbrtowc(&wc, s, strlen(s), &st);
		int w;

		if (k == (size_t)-1 || k == (size_t)-2 || k == 0) {
			memset(&st, 0, sizeof(st));
			k = 1;
			w = 1;
		} else {
			w = wcwidth(wc);
			if (w < 0)
				w = 1;
		}
		s += k;
		done += w;
	}
	*skipped = done;
	return s;
}

int view_console_pane_lines(int h)
{
	return h / 4 - 1 < 3 ? 3 : h / 4 - 1;
}

static void draw_console_pane(struct frame *f, const struct console_view *c, int bottom)
{
	int maxl = view_console_pane_lines(f->h), n = (int)c->nout, shown, ph, first, scroll;
	struct rect r;
	char title[64];

	shown = n < maxl ? n : maxl;
	if (shown < 1)
		shown = 1;
	ph = shown + 2;
	r = (struct rect){ 0, bottom - ph, f->w, ph };
	scroll = c->scroll < n - shown ? c->scroll : n - shown;
	if (scroll < 0)
		scroll = 0;
	first = n - scroll - shown;
	if (first < 0)
		first = 0;
	frame_fill(f, r, ST_NORMAL);
	if (scroll > 0)
		snprintf(title, sizeof(title), "console output (%d more below; Shift-Down)", scroll);
	else
		snprintf(title, sizeof(title), "console output%s", n > shown ? " (Shift-Up scrolls)" : "");
	frame_box(f, r, ST_BORDER, title, ST_TITLE);
	if (n == 0)
		frame_text(f, 2, r.y + 1, f->w - 4, ST_DIM, "(nothing yet: press : and type help)");
	for (int i = 0; i < shown && first + i < n; i++) {
		static const enum style ks[] = { [CON_ECHO] = ST_KEY, [CON_OUT] = ST_NORMAL, [CON_ERR] = ST_BAD,
						 [CON_INFO] = ST_DIM };
		unsigned k = c->out_kind[first + i];

		frame_text(f, 1, r.y + 1 + i, f->w - 2, k < 4 ? ks[k] : ST_NORMAL, c->out[first + i]);
	}
}

static void draw_console_popup(struct frame *f, const struct console_view *c, int bottom)
{
	int colw = 0, cols, rows, maxr = f->h / 2 - 2, ph, cap;
	struct rect r;
	char title[64];

	for (size_t i = 0; i < c->ncands; i++)
		if (text_width(c->cands[i]) > colw)
			colw = text_width(c->cands[i]);
	colw += 2;
	if (colw > f->w - 4)
		colw = f->w - 4;
	cols = (f->w - 4) / colw;
	if (cols < 1)
		cols = 1;
	rows = ((int)c->ncands + cols - 1) / cols;
	if (rows > maxr)
		rows = maxr;
	cap = rows * cols;
	ph = rows + 2;
	r = (struct rect){ 0, bottom - ph, cols * colw + 3 < f->w ? cols * colw + 3 : f->w, ph };
	if (rows == 1 && (int)c->ncands < cols)
		r.w = (int)c->ncands * colw + 3;
	if (r.w < 24)
		r.w = 24;
	frame_fill(f, r, ST_NORMAL);
	snprintf(title, sizeof(title), "%zu completions", c->ncands);
	frame_box(f, r, ST_SELECTED, title, ST_TITLE);
	/* column-major, like readline's own listing */
	for (int i = 0; i < cap && i < (int)c->ncands; i++) {
		int col = i / rows, row = i % rows;

		if (i == cap - 1 && (int)c->ncands > cap) {
			frame_printf(f, 2 + col * colw, r.y + 1 + row, colw, ST_DIM, "+%zu more", c->ncands - (size_t)i);
			break;
		}
		frame_text(f, 2 + col * colw, r.y + 1 + row, colw - 1, ST_NORMAL, c->cands[i]);
	}
}

static void draw_console(struct frame *f, const struct view *v)
{
	const struct console_view *c = v->con;
	int bottom;

	if (!c || (!c->focused && !c->pane))
		return;
	bottom = c->focused ? f->h - 2 : f->h - 1; /* the status line's row */
	if (c->pane || c->nout > 0)
		draw_console_pane(f, c, bottom);
	if (c->focused) {
		int y = f->h - 1, w = f->w, off = 0, skipped = 0;
		const char *s = c->input ? c->input : "";

		/* horizontal scroll: keep the cursor inside the row */
		if (c->cursor_col > w - 2)
			off = c->cursor_col - (w - 2);
		s = skip_cols(s, off, &skipped);
		frame_fill(f, (struct rect){ 0, y, w, 1 }, ST_NORMAL);
		frame_text(f, 0, y, w, ST_NORMAL, s);
		if (c->prompt_cols > skipped)
			frame_restyle(f, (struct rect){ 0, y, c->prompt_cols - skipped, 1 }, ST_KEY);
		if (v->hits) {
			v->hits->cursor_x = c->cursor_col - skipped;
			v->hits->cursor_y = y;
		}
		if (c->cands && c->ncands)
			draw_console_popup(f, c, bottom);
	}
}

void ui_render(struct frame *f, const struct view *v)
{
	frame_clear(f);
	if (v->hits)
	{
		memset(v->hits, 0, sizeof(*v->hits));
		v->hits->cursor_x = v->hits->cursor_y = -1;
		for (int i = 0; i < HITS_MAX_ROWS; i++)
			v->hits->ev_row[i] = -1;
		for (int i = 0; i < 8; i++)
			v->hits->field_y[i] = -1;
	}
	if (f->w < UI_MIN_W || f->h < UI_MIN_H) {
		char buf[96];

		snprintf(buf, sizeof(buf), "terminal too small (need %dx%d)", UI_MIN_W, UI_MIN_H);
		if (!f->ascii)
			snprintf(buf, sizeof(buf), "terminal too small (need %d×%d)", UI_MIN_W, UI_MIN_H);
		centre(f, f->h / 2, ST_BAD, buf);
		if (f->h >= 3) {
			snprintf(buf, sizeof(buf), "now %dx%d; q quits", f->w, f->h);
			centre(f, f->h / 2 + 1, ST_DIM, buf);
		}
		return;
	}
	if (v->blank) {
		centre(f, f->h / 2, ST_DIM, v->title ? v->title : "pktpath");
		return;
	}
	if (v->presenter) {
		layout_presenter(f, v);
	} else {
		if (v->zoom)
			layout_zoom(f, v);
		else
			layout_normal(f, v);
		draw_console(f, v);
	}
	if (v->say)
		draw_say(f, v);
	if (v->help)
		draw_help(f, v);
}
