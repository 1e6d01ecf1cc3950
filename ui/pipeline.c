/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * pipeline: the stages of a host's kernel as one chain per packet, drawn from the
 * engine's events (route-out, nf, neigh, nic-tx …). Which chain a host shows depends
 * on what the packet does there:
 *
 *   out      app → sock → route → OUTPUT → POSTROUTING → arp → NIC
 *   in       NIC → PREROUTING → route → INPUT → sock → app
 *   forward  NIC → PREROUTING → route → FORWARD → POSTROUTING → arp → NIC
 *   arp      NIC → arp (a frame in), arp → NIC (a frame out)
 *   bridge   port → bridge → port
 *
 * This is the order of the engine's events, which is the kernel's: the output route is
 * looked up before LOCAL_OUT (ip_queue_xmit, then __ip_local_out), so `route` comes
 * before OUTPUT. Stages the packet passed on this host are plain, the stage of the
 * current event is lit with the token under it, stages still ahead are dim. When the
 * box is narrow, stages the packet does not touch fold away first; the active one
 * never does.
 */
#include "pipeline.h"

#include <stdio.h>
#include <string.h>

#include "net/model.h"
#include "net/rtnames.h"
#include "out/trace.h"
#include "render-int.h"

enum pst {
	PS_APP,
	PS_SOCK,
	PS_ROUTE,
	PS_OUT,
	PS_PRE,
	PS_IN,
	PS_FWD,
	PS_POST,
	PS_ARP,
	PS_NIC_IN,
	PS_NIC_OUT,
	PS_PORT_IN,
	PS_BRIDGE,
	PS_PORT_OUT,
	PS__COUNT
};

enum pkind { PK_OUT, PK_IN, PK_FWD, PK_ARP_IN, PK_ARP_OUT, PK_BRIDGE };

static const struct {
	const char *full, *brief;
	bool hook; /* a netfilter hook: folds first when it did nothing */
} stage_names[PS__COUNT] = {
	[PS_APP] = { N_("app"), N_("app"), false },
	[PS_SOCK] = { N_("sock"), N_("sk"), false },
	[PS_ROUTE] = { N_("route"), N_("rt"), false },
	[PS_OUT] = { "OUTPUT", "OUT", true },
	[PS_PRE] = { "PREROUTING", "PRE", true },
	[PS_IN] = { "INPUT", "IN", true },
	[PS_FWD] = { "FORWARD", "FWD", true },
	[PS_POST] = { "POSTROUTING", "POST", true },
	[PS_ARP] = { "arp", "arp", false },
	[PS_NIC_IN] = { "NIC", "NIC", false },
	[PS_NIC_OUT] = { "NIC", "NIC", false },
	[PS_PORT_IN] = { N_("port"), N_("in"), false },
	[PS_BRIDGE] = { N_("bridge"), N_("br"), false },
	[PS_PORT_OUT] = { N_("port"), N_("out"), false },
};

#define PATH_MAX_STAGES 7

static const struct {
	int n;
	enum pst s[PATH_MAX_STAGES];
} paths[] = {
	[PK_OUT] = { 7, { PS_APP, PS_SOCK, PS_ROUTE, PS_OUT, PS_POST, PS_ARP, PS_NIC_OUT } },
	[PK_IN] = { 6, { PS_NIC_IN, PS_PRE, PS_ROUTE, PS_IN, PS_SOCK, PS_APP } },
	[PK_FWD] = { 7, { PS_NIC_IN, PS_PRE, PS_ROUTE, PS_FWD, PS_POST, PS_ARP, PS_NIC_OUT } },
	[PK_ARP_IN] = { 2, { PS_NIC_IN, PS_ARP } },
	[PK_ARP_OUT] = { 2, { PS_ARP, PS_NIC_OUT } },
	[PK_BRIDGE] = { 3, { PS_PORT_IN, PS_BRIDGE, PS_PORT_OUT } },
};

/* How far back and ahead of the current event the packet's other events are looked
 * for: a packet's events on one host lie close together (an ARP exchange between them
 * at most), and a frame must not cost a walk over a 100k-event trace. */
#define PIPE_WINDOW 256

bool ui_host_is_switch(const struct host *h)
{
	bool bridge = false;

	for (size_t i = 0; i < h->nnic; i++) {
		if (h->nics[i].kind == NIC_BRIDGE)
			bridge = true;
		if (h->nics[i].kind != NIC_LOOPBACK && h->nics[i].naddr)
			return false;
	}
	return bridge;
}

bool ui_host_is_router(const struct host *h)
{
	for (size_t i = 0; i < h->nnic; i++)
		if (h->nics[i].kind != NIC_LOOPBACK && nic_conf(h, &h->nics[i], DEVCONF_FORWARDING))
			return true;
	return false;
}

static int hook_stage(int hook)
{
	switch (hook) {
	case NF_PREROUTING:
		return PS_PRE;
	case NF_INPUT:
		return PS_IN;
	case NF_FORWARD:
		return PS_FWD;
	case NF_OUTPUT:
		return PS_OUT;
	case NF_POSTROUTING:
		return PS_POST;
	default:
		return -1;
	}
}

static bool same_pkt(const struct trace_event *a, const struct trace_event *b)
{
	return a->host == b->host && a->pkt_id == b->pkt_id && a->pkt_id != 0;
}

/* The packet's event before event i on the same host (a drop is never one), -1 if none. */
static int prev_event(const struct trace *t, int i)
{
	int lo = i > PIPE_WINDOW ? i - PIPE_WINDOW : 0;

	for (int p = i - 1; p >= lo; p--)
		if (same_pkt(&t->ev[p], &t->ev[i]) && t->ev[p].stage != TRACE_DROP)
			return p;
	return -1;
}

/* The chain the packet of event i follows on its host: a frame crossing a bridge is
 * on the bridge's; an ARP frame goes in or out; an IP packet is forwarded when the
 * engine said so (route-in FORWARD, the FORWARD hook), else it goes in or out as
 * event i does (a host on a segment twice may see its own packet come back). */
static enum pkind kind_of(const struct trace *t, int i, bool sw)
{
	const struct trace_event *e = &t->ev[i];
	int lo = i > PIPE_WINDOW ? i - PIPE_WINDOW : 0;
	int hi = i + PIPE_WINDOW < (int)t->n ? i + PIPE_WINDOW : (int)t->n - 1;
	bool in;

	if (sw || e->stage == TRACE_WIRE)
		return PK_BRIDGE;
	switch (e->stage) {
	case TRACE_NEIGH:
	case TRACE_DROP:
	case TRACE_ERROR:
		if (!e->iif[0] && !e->oif[0] && prev_event(t, i) >= 0) /* where it was before */
			return kind_of(t, prev_event(t, i), sw);
		in = e->iif[0] && !e->oif[0];
		break;
	default:
		/* FORWARD is on the way in too: the packet came in, it is still being routed */
		in = stage_incoming(e) || (e->stage == TRACE_NF && hook_stage(e->hook) == PS_FWD);
		break;
	}
	if (e->pkt.is_arp)
		return in ? PK_ARP_IN : PK_ARP_OUT;
	for (int k = lo; k <= hi; k++) {
		const struct trace_event *p = &t->ev[k];

		if (k != i && !same_pkt(p, e))
			continue;
		if ((p->stage == TRACE_ROUTE_IN && p->verdict == VERDICT_FORWARD) ||
		    (p->stage == TRACE_NF && p->hook == NF_FORWARD))
			return PK_FWD;
	}
	return in ? PK_IN : PK_OUT;
}

static int index_in(enum pkind k, enum pst s)
{
	for (int i = 0; i < paths[k].n; i++)
		if (paths[k].s[i] == s)
			return i;
	return -1;
}

/* Where on its chain event i happened (an index into paths[k]), -1 if nowhere. */
static int stage_index(const struct trace *t, int i, enum pkind k)
{
	const struct trace_event *e = &t->ev[i];
	int s = -1;

	switch (e->stage) {
	case TRACE_APP_SEND:
	case TRACE_APP_RECV:
	case TRACE_ERROR:
		s = PS_APP;
		break;
	case TRACE_REPLY:
	case TRACE_SOCK_DELIVER:
		s = PS_SOCK;
		break;
	case TRACE_ROUTE_OUT:
	case TRACE_ROUTE_IN:
	case TRACE_RP_FILTER:
	case TRACE_REROUTE:
		s = PS_ROUTE;
		break;
	case TRACE_NF:
		s = hook_stage(e->hook);
		break;
	case TRACE_NEIGH:
		s = PS_ARP;
		break;
	case TRACE_FRAG: /* ip_fragment() before the neighbour; reassembly before routing's
			  * end (local delivery) or PREROUTING (conntrack) */
		s = e->oif[0] ? PS_ARP : PS_ROUTE;
		break;
	case TRACE_NIC_TX:
		s = PS_NIC_OUT;
		break;
	case TRACE_NIC_RX:
		s = k == PK_BRIDGE ? PS_BRIDGE : PS_NIC_IN;
		break;
	case TRACE_WIRE:
		s = PS_BRIDGE;
		break;
	case TRACE_DROP: {
		/* a drop happens at the stage after the packet's last one here (netfilter
		 * hooks that did nothing skipped), or in its hook; a packet that waited for
		 * ARP is dropped in the neighbour queue */
		int pe = prev_event(t, i), p = pe >= 0 ? stage_index(t, pe, k) : -1;

		if (e->hook != NF_HOOK_NONE)
			return index_in(k, (enum pst)hook_stage(e->hook));
		if (p >= 0 && paths[k].s[p] == PS_ARP && t->ev[pe].verdict == VERDICT_QUEUE)
			return p;
		if (p < 0)
			return index_in(k, k == PK_OUT ? PS_ROUTE : paths[k].s[0]);
		for (p++; p < paths[k].n - 1 && stage_names[paths[k].s[p]].hook; p++)
			;
		return p < paths[k].n ? p : paths[k].n - 1;
	}
	default:
		return -1;
	}
	return s < 0 ? -1 : index_in(k, (enum pst)s);
}

/* What each stage of the chain saw of the packet of event i, up to event `upto`:
 * state[s] = 0 not (yet), 1 passed, 2 the current event's stage; at[s] = the latest
 * event there, -1 if none. */
struct chain {
	enum pkind k;
	int state[PATH_MAX_STAGES];
	int at[PATH_MAX_STAGES]; /* the latest event at each stage */
	int cur; /* index of the current stage, -1 when the packet is not at this host */
};

static void chain_of(const struct trace *t, int i, int upto, bool sw, struct chain *c)
{
	int lo = i > PIPE_WINDOW ? i - PIPE_WINDOW : 0;
	int hi = i + PIPE_WINDOW < (int)t->n ? i + PIPE_WINDOW : (int)t->n - 1;

	memset(c, 0, sizeof(*c));
	c->k = kind_of(t, i, sw);
	c->cur = -1;
	for (int s = 0; s < PATH_MAX_STAGES; s++)
		c->at[s] = -1;
	for (int k = lo; k <= hi; k++) {
		int s;

		if (k != i && !same_pkt(&t->ev[k], &t->ev[i]))
			continue;
		s = stage_index(t, k, c->k);
		if (s < 0)
			continue;
		if (k <= upto) {
			c->state[s] = 1;
			c->at[s] = k;
			if (c->k == PK_BRIDGE) { /* one event crosses the bridge: in, bridge, out */
				c->state[0] = 1, c->at[0] = k;
				if (t->ev[k].oif[0])
					c->state[2] = 1, c->at[2] = k;
			}
		}
		if (k == upto)
			c->cur = s;
	}
	if (c->cur >= 0)
		c->state[c->cur] = 2;
}

void ui_route_line(const struct host *h, const struct route *rt, bool show_table, struct strbuf *sb)
{
	size_t start = sb->len, o = start;

	fmt_route(h, rt, show_table, sb);
	/* a multipath route's "\n\tnexthop …" lines join the first */
	for (size_t i = start; i < sb->len; i++) {
		if (sb->buf[i] == '\n' && i + 1 < sb->len && sb->buf[i + 1] == '\t') {
			i++;
			continue;
		}
		sb->buf[o++] = sb->buf[i] == '\n' ? ' ' : sb->buf[i];
	}
	while (o > start && sb->buf[o - 1] == ' ')
		o--;
	sb->len = o;
	sb->buf[o] = '\0';
}

void ui_route_short(const struct host *h, const struct route *rt, struct strbuf *sb, int w)
{
	size_t start = sb->len;

	for (int pass = 0; pass < 4; pass++) {
		const struct nic *n = host_nic_by_index_c(h, rt->oif);
		char tb[32];

		sb->len = start;
		sb->buf[start] = '\0';
		if (rt->type != RTN_UNICAST)
			strbuf_printf(sb, "%s ", rt_type_name(rt->type, tb, sizeof(tb)));
		if (rt->plen == 0)
			strbuf_puts(sb, "default");
		else
			strbuf_printf(sb, "%s/%u", ip_str(rt->dst), rt->plen);
		if (rt->gw)
			strbuf_printf(sb, " via %s", ip_str(rt->gw));
		if (n)
			strbuf_printf(sb, "%s%s", pass < 2 ? " dev " : " ", n->name);
		if (rt->mp)
			strbuf_printf(sb, " %d paths", route_nnh(h, rt));
		if (rt->priority && pass < 3)
			strbuf_printf(sb, " metric %u", rt->priority);
		if (rt->prefsrc && pass < 1)
			strbuf_printf(sb, " src %s", ip_str(rt->prefsrc));
		if (text_width(sb->buf) <= w)
			return;
	}
}

/* A netfilter event's rule ("-A POSTROUTING -o eth1 -j MASQUERADE") without its
 * "-A CHAIN", which the stage already says. */
static const char *rule_spec(const char *rule)
{
	if (strncmp(rule, "-A ", 3) == 0) {
		rule += 3 + strcspn(rule + 3, " ");
		rule += *rule == ' ';
	}
	return rule;
}

/* What acted at the stage of event e on host h, in a few words. */
static void acted(const struct host *h, const struct trace_event *e, int w, struct strbuf *sb)
{

	switch (e->stage) {
	case TRACE_ROUTE_OUT:
	case TRACE_ROUTE_IN:
	case TRACE_REROUTE: {
		const struct route *rt = host_route_by_key(h, &e->route);

		if (rt) {
			char tb[32];

			if (rt->table != RT_TABLE_MAIN)
				strbuf_printf(sb, "[%s] ",
					      rt_table_name(rt->table, tb, sizeof(tb)));
			ui_route_short(h, rt, sb, w - (int)sb->len);
			if (e->route.has_rule)
				strbuf_printf(sb, " (rule %u)", e->route.rule_pref);
		} else {
			strbuf_printf(sb, "%s%s%s", trace_verdict_name(e->verdict),
				      e->oif[0] ? " dev " : "", e->oif);
		}
		return;
	}
	case TRACE_NF:
		if (e->rule[0])
			strbuf_printf(sb, "%s %s", nf_table_name(e->table), rule_spec(e->rule));
		else
			strbuf_printf(sb, "%s: %s", nf_table_name(e->table),
				      trace_verdict_name(e->verdict));
		return;
	case TRACE_NIC_TX:
	case TRACE_NIC_RX: /* the stage is called by the NIC's name */
		strbuf_puts(sb, trace_verdict_name(e->verdict));
		if (e->peer_host[0])
			strbuf_printf(sb, " → %s:%s", e->peer_host, e->peer_if);
		return;
	case TRACE_NEIGH:
		strbuf_printf(sb, "%s %s", e->oif[0] ? e->oif : e->iif,
			      trace_verdict_name(e->verdict));
		return;
	case TRACE_WIRE:
		strbuf_printf(sb, "%s %s → %s", trace_verdict_name(e->verdict), e->iif, e->oif);
		if (e->peer_host[0])
			strbuf_printf(sb, " → %s:%s", e->peer_host, e->peer_if);
		return;
	case TRACE_SOCK_DELIVER:
	case TRACE_APP_SEND:
	case TRACE_APP_RECV:
		strbuf_printf(sb, "%s%s%s", e->sock, e->sock[0] ? " " : "",
			      trace_verdict_name(e->verdict));
		return;
	case TRACE_DROP:
	case TRACE_ERROR:
		strbuf_printf(sb, "%s%s%s", trace_verdict_name(e->verdict), e->err ? " " : "",
			      e->err ? errno_name(-e->err) : "");
		return;
	default:
		strbuf_puts(sb, trace_verdict_name(e->verdict));
		return;
	}
}

/* The stage names chosen to fit w columns: full names, then brief hooks, then brief
 * names; then the hooks the packet did not touch fold into a dot, then every stage it
 * did not touch, and at last every stage but the active one.
 * A NIC or bridge port the packet used is called by its name (in names[]). */
static void chain_layout(const struct chain *c, const struct trace *t, int w, char names[][20],
			 const char **label, bool *shown)
{
	for (int pass = 0; pass < 6; pass++) {
		int width = 0;

		for (int s = 0; s < paths[c->k].n; s++) {
			enum pst ps = paths[c->k].s[s];
			bool touched = c->at[s] >= 0;

			label[s] = pass == 0 || (pass == 1 && !stage_names[ps].hook)
					   ? _(stage_names[ps].full)
					   : _(stage_names[ps].brief);
			if (touched && pass < 3 &&
			    (ps == PS_NIC_IN || ps == PS_NIC_OUT || ps == PS_PORT_IN ||
			     ps == PS_PORT_OUT)) {
				const struct trace_event *e = &t->ev[c->at[s]];
				bool out = ps == PS_NIC_OUT || ps == PS_PORT_OUT;

				snprintf(names[s], 20, "%s", out ? e->oif : e->iif);
				if (names[s][0])
					label[s] = names[s];
			}
			shown[s] = pass < 3 || s == c->cur || (pass < 5 && touched) ||
				   (pass == 3 && !stage_names[ps].hook);
			if (shown[s])
				width += (width ? 1 : 0) + text_width(label[s]);
			else if (s == 0 || shown[s - 1])
				width += (width ? 1 : 0) +
					 1; /* one dot for a run of folded stages */
		}
		if (width <= w)
			return;
	}
}

/* An event of the packet of event i on host hi near i: the latest up to i, else the
 * first after it; -1 when the packet does not pass that host. */
static int on_host(const struct trace *t, int i, int hi)
{
	int lo = i > PIPE_WINDOW ? i - PIPE_WINDOW : 0;
	int top = i + PIPE_WINDOW < (int)t->n ? i + PIPE_WINDOW : (int)t->n - 1;

	for (int k = i; k >= lo; k--)
		if (t->ev[k].host == hi && t->ev[k].pkt_id == t->ev[i].pkt_id)
			return k;
	for (int k = i + 1; k <= top; k++)
		if (t->ev[k].host == hi && t->ev[k].pkt_id == t->ev[i].pkt_id)
			return k;
	return -1;
}

void pipe_draw(struct frame *f, const struct view *v, int hi, int x, int y, int w, int token_row,
	       int detail_row)
{
	const struct trace_event *e =
		v->t && v->cur >= 0 && (size_t)v->cur < v->t->n ? &v->t->ev[v->cur] : NULL;
	const struct host *h = v->sim->hosts[hi];
	bool sw = ui_host_is_switch(h);
	const char *label[PATH_MAX_STAGES];
	bool shown[PATH_MAX_STAGES];
	char names[PATH_MAX_STAGES][20];
	int col[PATH_MAX_STAGES], cw[PATH_MAX_STAGES];
	struct chain c;
	int at = -1, cx = 0;

	/* the packet this host shows: the current event's, when it passes this host (its
	 * stages here before the current event plain, the rest dim); else the chain a
	 * packet would take from here, all dim */
	if (e && e->host == hi && e->stage != TRACE_CONFIG)
		at = v->cur;
	else if (e && e->pkt_id)
		at = on_host(v->t, v->cur, hi);
	if (at >= 0) {
		chain_of(v->t, at, v->cur, sw, &c);
	} else {
		memset(&c, 0, sizeof(c));
		c.k = sw ? PK_BRIDGE : PK_OUT;
		c.cur = -1;
		for (int s = 0; s < PATH_MAX_STAGES; s++)
			c.at[s] = -1;
	}
	chain_layout(&c, v->t, w, names, label, shown);
	for (int s = 0; s < paths[c.k].n; s++) {
		enum style st = c.state[s] == 2 ? ST_CURRENT : c.state[s] == 1 ? ST_NORMAL : ST_DIM;

		col[s] = cw[s] = 0;
		if (!shown[s] && s > 0 && !shown[s - 1]) {
			col[s] = col[s - 1];
			continue;
		}
		if (cx > 0)
			cx += frame_text(f, x + cx, y, w - cx, ST_DIM, frame_sym(f, SYM_ARROW_R));
		col[s] = cx;
		if (!shown[s]) {
			cx += frame_text(f, x + cx, y, w - cx, ST_DIM, frame_sym(f, SYM_DOT));
			cw[s] = 1;
			continue;
		}
		cw[s] = frame_text(f, x + cx, y, w - cx, st, label[s]);
		cx += cw[s];
	}
	if (at < 0 || c.cur < 0)
		return;
	if (token_row >= 0) {
		/* the token under the middle of its stage; while play moves it, part of the
		 * way from the stage of the event it comes from (on this host, same packet) */
		int tx = col[c.cur] + cw[c.cur] / 2;

		if (v->tween_left > 0 && v->tween_from >= 0 && (size_t)v->tween_from < v->t->n &&
		    same_pkt(&v->t->ev[v->tween_from], e)) {
			int fs = stage_index(v->t, v->tween_from, c.k);

			if (fs >= 0) {
				int fx = col[fs] + cw[fs] / 2;

				tx += (fx - tx) * v->tween_left / 1000;
			}
		}
		if (tx >= 0 && tx < w)
			frame_text(f, x + tx, token_row, 1, ST_PACKET, frame_sym(f, SYM_TOKEN));
	}
	if (detail_row >= 0) {
		struct strbuf sb;
		int lw;

		strbuf_init(&sb);
		lw = frame_text(f, x, detail_row, w, ST_CURRENT, label[c.cur]);
		acted(h, e, w - lw - 1, &sb);
		if (text_width(sb.buf) > w - lw - 1) { /* cut, and say so */
			frame_text(f, x + lw + 1, detail_row, w - lw - 2, ST_NORMAL, sb.buf);
			frame_text(f, x + w - 1, detail_row, 1, ST_DIM, "…");
		} else {
			frame_text(f, x + lw + 1, detail_row, w - lw - 1, ST_NORMAL, sb.buf);
		}
		strbuf_release(&sb);
	}
}
