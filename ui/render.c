/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * render: lays out and draws one TUI frame from a struct view into a struct frame
 * (no curses here; ui/term.c blits). Layout, top to bottom:
 *
 *   title bar: scene title, scene step, event number
 *   hosts (ui/hosts.c): one box per host in rows, in the order of the network's wires:
 *          socket rows on top, the kernel's chain of stages in the middle
 *          (ui/pipeline.c), NICs with their addresses at the bottom; wires (═) between
 *          neighbouring boxes whose NICs are veth peers
 *   packet marker |pkt|SRC|DST| under the NIC the current event is at (claim C6)
 *   packet card (ui/panes.c: every field, its value, its origin tag; changed fields
 *     marked *) │ event list / route table of the selected host, its conntrack
 *     entries and neighbours
 *   narration caption, status line with the keys that work now
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

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "keys.h"
#include "render-int.h"

bool ev_from_console(const struct view *v, int i)
{
	return v->con && v->con->ev_console && v->t && i >= 0 && (size_t)i < v->t->n &&
	       v->con->ev_console[i];
}

const struct trace_event *cur_ev(const struct view *v)
{
	if (!v->t || v->cur < 0 || (size_t)v->cur >= v->t->n)
		return NULL;
	return &v->t->ev[v->cur];
}

enum style origin_style(enum origin o)
{
	return (enum style)(ST_O_NONE + (o < ORIGIN__COUNT ? (int)o : 0));
}

bool stage_incoming(const struct trace_event *e)
{
	switch (e->stage) {
	case TRACE_NIC_RX:
	case TRACE_ROUTE_IN:
	case TRACE_RP_FILTER:
	case TRACE_SOCK_DELIVER:
	case TRACE_APP_RECV:
		return true;
	case TRACE_FRAG: /* reassembly; fragmenting is on the way out */
		return e->iif[0] && !e->oif[0];
	case TRACE_NF:
		return e->hook == NF_PREROUTING || e->hook == NF_INPUT;
	default:
		return false;
	}
}

/* ---- small text helpers ---- */

/* "▶ " before the title of the focused pane (only once the user moved the focus) */
const char *focus_mark(const struct frame *f, const struct view *v, enum pane p)
{
	static char buf[16];

	if (v->focus != p || p == PANE_NONE)
		return "";
	snprintf(buf, sizeof(buf), "%s ", frame_sym(f, SYM_POINTER));
	return buf;
}

void centre(struct frame *f, int y, enum style st, const char *s)
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
	char last[4096]; /* the last row drawn (at most w columns), to cut when more follow */
};

static void wrap_emit(void *arg, int line, const char *text)
{
	struct wrap_ctx *c = arg;

	if (line >= c->maxlines)
		return;
	if (line == c->maxlines - 1)
		snprintf(c->last, sizeof(c->last), "%s", text);
	if (c->centred) {
		int tw = text_width(text);

		frame_text(c->f, c->x + (c->w - tw > 0 ? (c->w - tw) / 2 : 0), c->y + line, c->w,
			   c->st, text);
	} else {
		frame_text(c->f, c->x, c->y + line, c->w, c->st, text);
	}
}

/* Wraps into at most maxlines rows; returns rows used. Text that needs more rows ends
 * the last one with an ellipsis, so a cut sentence never reads as a whole one. */
int wrap_at(struct frame *f, int x, int y, int w, int maxlines, enum style st, bool centred,
	    const char *s)
{
	struct wrap_ctx c = { f, x, y, maxlines, w, st, centred, "" };
	const char *dots = f->ascii ? "..." : "\u2026";
	int n, dw = f->ascii ? 3 : 1;

	if (w < 1 || maxlines < 1)
		return 0;
	n = text_wrap(s, w, wrap_emit, &c);
	if (n > maxlines && w > dw) {
		int tw = text_width(c.last), lx = x;

		if (tw > w - dw)
			tw = w - dw;
		/* left-aligned, the cut row covers what the whole one drew; centred, it moves */
		if (centred) {
			int ow = text_width(c.last);

			lx += (w - tw - dw) / 2;
			for (int i = x + (w - ow > 0 ? (w - ow) / 2 : 0); i < x + w && ow-- > 0;
			     i++)
				frame_text(f, i, y + maxlines - 1, 1, st, " ");
		}
		frame_text(f, lx, y + maxlines - 1, tw, st, c.last);
		frame_text(f, lx + tw, y + maxlines - 1, dw, st, dots);
	}
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

static void cap_put(struct frame *f, int x, int y, int w, bool centred, enum style st,
		    const char *text, int extra)
{
	int tw = text_width(text) + extra;

	frame_text(f, x + (centred && w > tw ? (w - tw) / 2 : 0), y, w, st, text);
}

/* The step's narration in at most maxrows rows of width w. When it needs more, the last
 * row ends with "… (s)": the key that shows all of it (ACT_SAY). Returns rows used. */
int draw_caption(struct frame *f, int x, int y, int w, int maxrows, bool centred, const char *cap)
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
		lx += frame_text(f, lx, y + maxrows - 1, w - (lx - x), ST_CAPTION,
				 last->n ? last->line[0] : "");
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
	text_wrap(cap[0] ? cap : _("(this step has no narration)"), w - 4, cap_emit, all);
	h = all->n + 4 < f->h - 2 ? all->n + 4 : f->h - 2;
	r = (struct rect){ (f->w - w) / 2, (f->h - h) / 2, w, h };
	frame_fill(f, r, ST_NORMAL);
	snprintf(title, sizeof(title), _("step %d: narration (any key closes)"), si + 1);
	frame_box(f, r, ST_SELECTED, title, ST_TITLE);
	for (int i = 0; i < all->n && i < h - 4; i++)
		frame_text(f, r.x + 2, r.y + 2 + i, w - 4, ST_CAPTION, all->line[i]);
	free(all);
}

const char *ip_or_star(uint32_t a, char *buf)
{
	if (!a)
		return strcpy(buf, "*");
	return ip_fmt(a, buf);
}

void tcp_flags_str(uint8_t fl, char *buf, size_t n)
{
	static const struct {
		uint8_t bit;
		const char *name;
	} names[] = { { TCPF_SYN, "SYN" },
		      { TCPF_ACK, "ACK" },
		      { TCPF_PSH, "PSH" },
		      { TCPF_FIN, "FIN" },
		      { TCPF_RST, "RST" } };
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

const char *origin_label(enum origin o)
{
	static const char *const names[ORIGIN__COUNT] = {
		N_("none"),	N_("app"), N_("socket"),    N_("route"),  N_("addr-select"),
		N_("incoming"), N_("nat"), N_("conntrack"), N_("kernel"), N_("neigh"),
	};

	return (unsigned)o < ORIGIN__COUNT ? _(names[o]) : "?";
}

/* Short "where" of an event (at most 10 columns): stage, or netfilter hook/table. */
void ev_where(const struct trace_event *e, char *buf, size_t n)
{
	static const char *const brief[NF_HOOK__COUNT] = { "PRE", "IN", "FWD", "OUT", "POST" };

	if (e->stage == TRACE_NF)
		snprintf(buf, n, "%s/%s", e->hook < NF_HOOK__COUNT ? brief[e->hook] : "nf",
			 nf_table_name(e->table));
	else if (e->stage == TRACE_SOCK_DELIVER)
		snprintf(buf, n, "deliver");
	else
		snprintf(buf, n, "%s", trace_stage_name(e->stage));
}

/* ---- bars ---- */

static void draw_title(struct frame *f, const struct view *v)
{
	int si = view_step_of(v->t, v->cur);
	char right[96];
	int rw;

	frame_fill(f, (struct rect){ 0, 0, f->w, 1 }, ST_TITLE);
	snprintf(right, sizeof(right), _(" %sstep %d/%zu %s ev %d/%zu "),
		 v->playing ? _("PLAYING ") : "", si + 1, v->t ? v->t->nsteps : (size_t)0,
		 frame_sym(f, SYM_DOT), v->cur + 1, v->t ? v->t->n : (size_t)0);
	rw = text_width(right);
	{
		char left[400];
		const char *label = si >= 0 ? view_step_label(v, si) : "";

		snprintf(left, sizeof(left), " pktpath %s %s%s%s", frame_sym(f, SYM_DOT),
			 view_title(v) ? view_title(v) : "", label[0] ? " : " : "", label);
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
		keys = _("PgUp/PgDn scroll  ?/Esc close help");
	else if (v->prompt_input)
		keys = _("Enter keep  Esc cancel  (n/N next/prev match later)");
	else if (v->prompt)
		keys = _("G step  gg event  Esc cancel");
	else if (v->presenter) /* the beat sits in its key's hint: the row stays short */
		keys = v->beat == BEAT_STEP ? _("PgDn next  PgUp back  ]/[ step  B beat: step  . "
						"blank  Esc leave")
		       : v->beat == BEAT_HOP
			       ? _("PgDn next  PgUp back  ]/[ step  B beat: hop  . blank  Esc "
				   "leave")
			       : _("PgDn next  PgUp back  ]/[ step  B beat: event  . blank  Esc "
				   "leave");
	else if (typing)
		keys = _("Esc view  Tab complete  Up/Down history  ^R search  ^C clear  PgDn/PgUp "
			 "step");
	else if (f->w >= 120)
		keys = _("Space next  PgUp back  ]/[ step  P play  F5 present  / search  f filter  "
			 "z "
			 "zoom  Tab focus  : console  ? help  q quit");
	else if (f->w >= 100)
		keys = _("Space next  PgUp back  ]/[ step  P play  F5 present  / search  f filter  "
			 ": "
			 "console  ? help  q quit");
	else
		keys = _(
			"Space next  PgUp back  ]/[ step  P play  F5 present  : console  ? help  q "
			"quit");
	frame_fill(f, (struct rect){ 0, y, f->w, 1 }, ST_STATUS);
	if (v->filter && v->sim) {
		const char *hn = v->filter_host >= 0 && (size_t)v->filter_host < v->sim->nhosts
					 ? v->sim->hosts[v->filter_host]->name
					 : "?";

		filter_describe(v->filter, hn, filt, sizeof(filt));
	}
	buf[0] = '\0';
	if (v->prompt)
		len += snprintf(buf + len, sizeof(buf) - (size_t)len, " %s %s", v->prompt,
				frame_sym(f, SYM_DOT));
	if (filt[0] && len < (int)sizeof(buf))
		len += snprintf(buf + len, sizeof(buf) - (size_t)len, _(" filter: %s %s"), filt,
				frame_sym(f, SYM_DOT));
	if (v->beat != BEAT_EVENT && !v->presenter && len < (int)sizeof(buf))
		len += snprintf(buf + len, sizeof(buf) - (size_t)len, _(" beat: %s (B) %s"),
				beat_name(v->beat), frame_sym(f, SYM_DOT));
	if (v->zoom && !v->presenter && len < (int)sizeof(buf))
		len += snprintf(buf + len, sizeof(buf) - (size_t)len, _(" zoom: %s (z) %s"),
				v->focus == PANE_CARD	  ? _("packet")
				: v->focus == PANE_ROUTES ? _("routes")
				: v->focus == PANE_HOST	  ? _("host")
							  : _("events"),
				frame_sym(f, SYM_DOT));
	if (v->msg && *v->msg && len < (int)sizeof(buf))
		len += snprintf(buf + len, sizeof(buf) - (size_t)len, " %s %s", v->msg,
				frame_sym(f, SYM_DOT));
	else if (v->playing && len < (int)sizeof(buf))
		len += snprintf(buf + len, sizeof(buf) - (size_t)len, _(" speed %d/5 (+/-) %s"),
				v->speed, frame_sym(f, SYM_DOT));
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
	frame_box(f, r, ST_SELECTED, _("help: keys (? or Esc closes)"), ST_TITLE);
	for (int i = 0; i < rows && first + i < (int)n; i++) {
		frame_text(f, r.x + 2, r.y + 2 + i, 18, ST_KEY, kh[first + i].keys);
		frame_text(f, r.x + 21, r.y + 2 + i, w - 23, ST_NORMAL, kh[first + i].help);
	}
	if (rows < (int)n) {
		snprintf(more, sizeof(more), _(" rows %d-%d of %zu, PgUp/PgDn "), first + 1,
			 first + rows, n);
		frame_text(f, r.x + w - 2 - text_width(more), r.y + h - 1, -1, ST_TITLE, more);
	}
}

/* ---- layouts ---- */

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
		int hi = shown_host(v), hh;

		if (hi < 0)
			break;
		hh = draw_host_zoomed(f, v, hi, 0, 1, f->w > 100 ? 100 : f->w);
		draw_routes(f, v, (struct rect){ 0, 1 + hh, f->w, f->h - 2 - hh }, true);
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
	/* rows of boxes: as many as the network needs while the panes below keep 16 rows
	 * (and the narration 6); large boxes when they all fit so, else small ones (12
	 * hosts at 160x48) */
	int space = big ? f->h - 2 - 6 - 16 : 0;
	bool big_boxes =
		big && band_rows(v, f->w, BOX_MIN_BIG, 99) * (10 + max_addrs(v, 3)) <= space;
	int addr_rows = big_boxes ? max_addrs(v, 3) : 1;
	int nic_rows = big_boxes ? addr_rows + 2 : max_nics(v, 2);
	/* box: border, sock×2, [app], chain, [token, what acted], nics, addrs, [peer], border */
	int hb = big_boxes ? 9 + addr_rows + 1 : 5 + (nic_rows > 2 ? nic_rows : 2);
	int rows =
		band_rows(v, f->w, big_boxes ? BOX_MIN_BIG : BOX_MIN_SMALL, big ? space / hb : 1);
	/* wires between boxes that are not neighbours in a row run in channels under the
	 * rows, when the panes keep 14 rows with them */
	int chan = big_boxes ? band_channels(v, f->w, true, hb, rows) : 0;
	int y0;

	if (rows * hb + chan > space + 2)
		chan = 0;
	y0 = 1 + rows * hb + chan + 1;
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
	draw_hosts_band(f, v, (struct rect){ 0, 1, f->w, rows * hb + chan + 1 }, big_boxes,
			addr_rows, nic_rows, hb, rows, chan);
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
	/* on a projector the boxes are large: the packet's token under its stage and what
	 * acted there are what the room follows */
	bool big = f->w >= 120 && f->h >= 36;
	int addr_rows = big ? max_addrs(v, 2) : 1;
	int y = 1, caprows = f->h >= 40 ? 6 : f->h >= 30 ? 4 : 3, hb = big ? 9 + addr_rows + 1 : 7;
	int chan;
	int bottom = f->h - 1;
	char head[256];

	frame_fill(f, (struct rect){ 0, 0, f->w, 1 }, ST_TITLE);
	snprintf(head, sizeof(head), _(" step %d/%zu  %s"), si + 1, v->t ? v->t->nsteps : (size_t)0,
		 si >= 0 ? view_step_label(v, si) : "");
	frame_text(f, 0, 0, f->w, ST_TITLE, head);
	/* the narration is the headline: centred, up to caprows lines, "… (s)" when cut */
	if (cap[0])
		draw_caption(f, 2, y, f->w - 4, caprows, true, cap);
	else if (view_title(v))
		centre(f, y, ST_CAPTION, view_title(v));
	y += caprows;
	/* a wire between boxes that are not side by side: a channel under them, while the
	 * card keeps 12 rows */
	chan = big ? band_channels(v, f->w, true, hb, 1) : 0;
	if (bottom - (y + hb + chan + 1) < 12)
		chan = 0;
	draw_hosts_band(f, v, (struct rect){ 0, y, f->w, hb + chan + 1 }, big, addr_rows,
			big ? addr_rows + 2 : 2, hb, 1, chan);
	y += hb + chan + 1;
	draw_card(f, v,
		  (struct rect){ f->w >= 100 ? (f->w - 96) / 2 : 0, y, f->w >= 100 ? 96 : f->w,
				 bottom - y },
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
		snprintf(title, sizeof(title), _("console output (%d more below; Shift-Down)"),
			 scroll);
	else
		snprintf(title, sizeof(title), _("console output%s"),
			 n > shown ? _(" (Shift-Up scrolls)") : "");
	frame_box(f, r, ST_BORDER, title, ST_TITLE);
	if (n == 0)
		frame_text(f, 2, r.y + 1, f->w - 4, ST_DIM,
			   _("(nothing yet: press : and type help)"));
	for (int i = 0; i < shown && first + i < n; i++) {
		static const enum style ks[] = { [CON_ECHO] = ST_KEY,
						 [CON_OUT] = ST_NORMAL,
						 [CON_ERR] = ST_BAD,
						 [CON_INFO] = ST_DIM };
		unsigned k = c->out_kind[first + i];

		frame_text(f, 1, r.y + 1 + i, f->w - 2, k < 4 ? ks[k] : ST_NORMAL,
			   c->out[first + i]);
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
	snprintf(title, sizeof(title), _("%zu completions"), c->ncands);
	frame_box(f, r, ST_SELECTED, title, ST_TITLE);
	/* column-major, like readline's own listing */
	for (int i = 0; i < cap && i < (int)c->ncands; i++) {
		int col = i / rows, row = i % rows;

		if (i == cap - 1 && (int)c->ncands > cap) {
			frame_printf(f, 2 + col * colw, r.y + 1 + row, colw, ST_DIM, _("+%zu more"),
				     c->ncands - (size_t)i);
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
			frame_restyle(f, (struct rect){ 0, y, c->prompt_cols - skipped, 1 },
				      ST_KEY);
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
	if (v->hits) {
		memset(v->hits, 0, sizeof(*v->hits));
		v->hits->cursor_x = v->hits->cursor_y = -1;
		for (int i = 0; i < HITS_MAX_ROWS; i++)
			v->hits->ev_row[i] = -1;
		for (int i = 0; i < 8; i++)
			v->hits->field_y[i] = -1;
	}
	if (f->w < UI_MIN_W || f->h < UI_MIN_H) {
		char buf[96];

		snprintf(buf, sizeof(buf), _("terminal too small (need %dx%d)"), UI_MIN_W,
			 UI_MIN_H);
		if (!f->ascii)
			snprintf(buf, sizeof(buf), _("terminal too small (need %d×%d)"), UI_MIN_W,
				 UI_MIN_H);
		centre(f, f->h / 2, ST_BAD, buf);
		if (f->h >= 3) {
			snprintf(buf, sizeof(buf), _("now %dx%d; q quits"), f->w, f->h);
			centre(f, f->h / 2 + 1, ST_DIM, buf);
		}
		return;
	}
	if (v->blank) {
		centre(f, f->h / 2, ST_DIM, view_title(v) ? view_title(v) : "pktpath");
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
