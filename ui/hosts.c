/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * hosts: the band of host boxes. Each box: the socket rows, what the application did,
 * the kernel's chain of stages (ui/pipeline.c), the NICs with their addresses and
 * peers. Boxes follow the network's graph in rows; wires join neighbouring boxes whose
 * NICs are veth peers; the packet marker |pkt|SRC|DST| sits under the NIC the current
 * event is at (claim C6).
 */
#include "view.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "net/sock.h"
#include "pipeline.h"
#include "render-int.h"

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
static const char *app_call_name(enum trace_verdict verdict)
{
	switch (verdict) {
	case VERDICT_ACCEPT:
		return "accept()";
	case VERDICT_BIND:
		return "bind()";
	case VERDICT_CLOSE:
		return "close()";
	case VERDICT_CONNECT:
		return "connect()";
	case VERDICT_LISTEN:
		return "listen()";
	case VERDICT_SEND:
		return "send()";
	case VERDICT_WRITE:
		return "write()";
	case VERDICT_READ:
		return "read()";
	default:
		return trace_verdict_name(verdict);
	}
}

/* The socket of the latest event on host hi that names one, drawn from the engine's
 * state at this event (as `ss` shows it there), never from the packet's addresses: a
 * NATed or not yet answered packet says nothing about the socket. */
static bool host_socket(const struct view *v, int hi, char *l1, char *l2, size_t n, int w)
{
	snprintf(l1, n, "%s  -", _("sock"));
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
		/* the two addresses start in one column */
		pad = text_width(_("sock")) + (int)strlen(sk->name) + 1 + text_width(_("local")) -
		      text_width(_("remote"));
		snprintf(l1, n, "%s %s %s %s", _("sock"), sk->name, _("local"), sv.local);
		snprintf(l2, n, "%*s %s %s %s", pad > 0 ? pad : 0, "", _("remote"), sv.peer,
			 sk->gone ? "CLOSED" : sv.state);
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

bool is_route_stage(enum trace_stage s)
{
	return s == TRACE_ROUTE_OUT || s == TRACE_ROUTE_IN || s == TRACE_REROUTE ||
	       s == TRACE_RP_FILTER;
}

static int host_peer_index(const struct sim *sim, const struct nic *n)
{
	if (n->peer_host < 0 || (size_t)n->peer_host >= sim->nhosts)
		return -1;
	return n->peer_host;
}

/* " ═ host:nic" (or " ═ host" when that is too long) for the NIC at the other end of
 * n's wire, in at most w columns at x, y; nothing when neither fits. */
static void peer_label(struct frame *f, const struct view *v, const struct nic *n, int x, int y,
		       int w)
{
	int p = host_peer_index(v->sim, n);
	const struct nic *pn =
		p >= 0 ? host_nic_by_index_c(v->sim->hosts[p], n->peer_ifindex) : NULL;
	char buf[96];

	if (!pn)
		return;
	snprintf(buf, sizeof(buf), " %s %s:%s", frame_sym(f, SYM_WIRE), v->sim->hosts[p]->name,
		 pn->name);
	if (text_width(buf) > w)
		snprintf(buf, sizeof(buf), " %s %s", frame_sym(f, SYM_WIRE),
			 v->sim->hosts[p]->name);
	if (text_width(buf) <= w)
		frame_text(f, x, y, w, ST_DIM, buf);
}

/* " mtu N" for a NIC whose MTU is not its kind's default (lo 65536, others 1500): the
 * MTU decides the MSS a SYN advertises, so a lesson on it needs to see it */
static const char *mtu_note(const struct nic *n, char *buf, size_t len)
{
	buf[0] = '\0';
	if (n->mtu != (n->kind == NIC_LOOPBACK ? 65536 : 1500))
		snprintf(buf, len, _(" mtu %d"), n->mtu);
	return buf;
}

/* One NIC of a narrow box on its own row: name (and a non-default MTU when it fits),
 * then its first address; the last free row says how many more there are */
static void nic_row(struct frame *f, struct host_layout *hl, const struct host *h,
		    const struct nic *n, bool on, int x, int y, int w, int *row, int nic_rows,
		    int nshown)
{
	const struct nic *m = n->master ? host_nic_by_index_c(h, n->master) : NULL;
	int k = hl->nnic - 1;
	char ab[16], line[256], line2[256];

	if (*row >= nic_rows) {
		hl->nnic--;
		return;
	}
	if (*row == nic_rows - 1 && nshown > nic_rows) {
		frame_printf(f, x, y + *row, w, ST_DIM, _("+%d more NICs"), nshown - *row);
		hl->nnic--;
		(*row)++;
		return;
	}
	if (n->naddr) {
		snprintf(line2, sizeof(line2), " %s/%u", ip_fmt(n->addrs[0].local, ab),
			 n->addrs[0].plen);
		if (text_width(n->name) + 1 + text_width(line2) > w)
			snprintf(line2, sizeof(line2), " %s", ab); /* drop the /len */
	} else if (m)
		snprintf(line2, sizeof(line2), _(" port of %s"), m->name);
	else
		snprintf(line2, sizeof(line2), " %s",
			 n->kind == NIC_BRIDGE ? _("bridge") : _("no address"));
	hl->pos[k].x = x;
	snprintf(line, sizeof(line), "%s%s%s%s", on ? frame_sym(f, SYM_POINTER) : "", n->name,
		 n->up ? "" : _(" down"), mtu_note(n, ab, sizeof(ab)));
	if (text_width(line) + text_width(line2) > w)
		snprintf(line, sizeof(line), "%s%s%s", on ? frame_sym(f, SYM_POINTER) : "", n->name,
			 n->up ? "" : _(" down"));
	hl->pos[k].w = frame_text(f, x, y + *row, w, on ? ST_CURRENT : ST_TITLE, line);
	frame_text(f, x + hl->pos[k].w, y + *row, w - hl->pos[k].w, n->naddr ? ST_NORMAL : ST_DIM,
		   line2);
	(*row)++;
}

/* The host's NICs from row y: names, addresses and (big) the wire's other end; where
 * each is drawn goes into hl for the packet marker */
static void draw_nics(struct frame *f, const struct view *v, struct host_layout *hl, bool big,
		      int addr_rows, int nic_rows, int x, int y, int w)
{
	const struct host *h = v->sim->hosts[hl->host];
	const struct trace_event *e = cur_ev(v);
	bool here = e && e->host == hl->host;
	char line[256], line2[256];

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
				      (e->iif[0] && strcmp(e->iif, n->name) == 0 &&
				       e->stage == TRACE_NIC_RX));
			k = hl->nnic++;
			hl->nic_if[k] = n->ifindex;
			if (!across) {
				nic_row(f, hl, h, n, on, x, y, w, &row, nic_rows, nshown);
				continue;
			}
			hl->pos[k].x = x + col;
			snprintf(line, sizeof(line), "[%s%s%s]", n->name, n->up ? "" : _(" down"),
				 mtu_note(n, line2, sizeof(line2)));
			if (text_width(line) > cw - 1)
				snprintf(line, sizeof(line), "[%s%s]", n->name,
					 n->up ? "" : _(" down"));
			hl->pos[k].w =
				frame_text(f, x + col, y, cw - 1, on ? ST_CURRENT : ST_TITLE, line);
			if (!big) /* small boxes have no row for the wire: it goes beside */
				peer_label(f, v, n, x + col + hl->pos[k].w, y,
					   cw - 1 - hl->pos[k].w);
			for (int a = 0; a < addr_rows; a++) {
				char ab[16];

				if ((size_t)a < n->naddr)
					frame_printf(f, x + col, y + 1 + a, cw - 1, ST_NORMAL,
						     "%s/%u", ip_fmt(n->addrs[a].local, ab),
						     n->addrs[a].plen);
				else if (a == 0 && n->naddr == 0) {
					const struct nic *m =
						n->master ? host_nic_by_index_c(h, n->master)
							  : NULL;

					frame_printf(f, x + col, y + 1, cw - 1, ST_DIM, "%s%s",
						     m			     ? _("port of ")
						     : n->kind == NIC_BRIDGE ? _("bridge")
									     : _("no address"),
						     m ? m->name : "");
				}
			}
			if (big) {
				int p = host_peer_index(v->sim, n);
				const struct nic *pn =
					p >= 0 ? host_nic_by_index_c(v->sim->hosts[p],
								     n->peer_ifindex)
					       : NULL;

				if (pn)
					frame_printf(f, x + col, y + 1 + addr_rows, cw - 1, ST_DIM,
						     "%s %s:%s", frame_sym(f, SYM_WIRE),
						     v->sim->hosts[p]->name, pn->name);
			}
			col += cw;
		}
		if (nshown == 0)
			frame_text(f, x, y, w, ST_DIM, _("no NICs"));
	}
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
	snprintf(title, sizeof(title), "%s%s%s", sel ? frame_sym(f, SYM_POINTER) : "",
		 sel ? " " : "", h->name);
	if (ui_host_is_switch(h) || ui_host_is_router(h))
		snprintf(title + strlen(title), sizeof(title) - strlen(title), " %s %s",
			 frame_sym(f, SYM_DOT), ui_host_is_switch(h) ? _("switch") : _("router"));
	frame_box_shaped(f, b,
			 ui_host_is_switch(h)	? BOX_SWITCH
			 : ui_host_is_router(h) ? BOX_ROUTER
						: BOX_PLAIN,
			 here ? ST_SELECTED : ST_BORDER, title,
			 here || sel ? ST_SELECTED : ST_TITLE);
	have = host_socket(v, hl->host, line, line2, sizeof(line), w);
	frame_text(f, x, y++, w, have ? ST_NORMAL : ST_DIM, line);
	frame_text(f, x, y++, w, ST_NORMAL, line2);
	if (big) {
		/* "app   …": the label in a column of 6 */
		const char *app = _("app");
		int ap = 6 - text_width(app) > 1 ? 6 - text_width(app) : 1;
		char payload[128] = "", app_none[64];

		snprintf(app_none, sizeof(app_none), "%s%*s-", app, ap, "");

		for (int i = v->cur; i >= 0 && v->t; i--) {
			const struct trace_event *pe = &v->t->ev[i];

			if (pe->host != hl->host ||
			    (pe->stage != TRACE_APP_SEND && pe->stage != TRACE_APP_RECV))
				continue;
			/* what the application did last: data it wrote or read, else the call */
			if (pkt_payload(&pe->pkt)[0])
				snprintf(payload, sizeof(payload), "%s%*s%s \"%s\"", app, ap, "",
					 pe->stage == TRACE_APP_SEND ? _("wrote") : _("read"),
					 pkt_payload(&pe->pkt));
			else if (pe->stage == TRACE_APP_RECV && pe->verdict == VERDICT_DELIVER)
				snprintf(payload, sizeof(payload), "%s%*s%s", app, ap, "",
					 _("got a reply"));
			else
				snprintf(payload, sizeof(payload), "%s%*s%s%s%s", app, ap, "",
					 app_call_name(pe->verdict), pe->sock[0] ? " " : "",
					 pe->sock);
			break;
		}
		frame_text(f, x, y++, w, payload[0] ? ST_NORMAL : ST_DIM,
			   payload[0] ? payload : app_none);
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
	draw_nics(f, v, hl, big, addr_rows, nic_rows, x, y, w);
}

/* Where the packet marker goes for event e: under the NIC it is at in its host's box,
 * near the box's right edge while it is on the wire; -1 when its host is not drawn. */
static int marker_x(const struct view *v, const struct host_layout *hl, int nh,
		    const struct trace_event *e)
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

/* The packet marker of the notes' drawing, |pkt|SRC|DST|, for the current event: its
 * text in buf and where it goes (*x, *y: under the last row of boxes; a box of an upper
 * row has it on its bottom border); false when the event has no packet or its host has no box. The tween is not
 * applied. */
static bool marker_place(const struct view *v, const struct host_layout *hl, int nh, char *buf,
			 size_t n, int *x, int *y, int *xmin, int *xmax)
{
	const struct trace_event *e = cur_ev(v);
	char a[16], b[16];
	int last_y = 0;

	if (!e || e->stage == TRACE_CONFIG || (!e->pkt.is_arp && !e->pkt.src && !e->pkt.dst))
		return false;
	*x = marker_x(v, hl, nh, e);
	if (*x < 0)
		return false;
	for (int i = 0; i < nh; i++)
		last_y = hl[i].box.y > last_y ? hl[i].box.y : last_y;
	for (int i = 0; i < nh; i++)
		if (hl[i].host == e->host && hl[i].box.y < last_y) {
			*xmin = hl[i].box.x + 1;
			*xmax = hl[i].box.x + hl[i].box.w - 1;
			*y = hl[i].box.y + hl[i].box.h - 1;
		}
	if (e->pkt.is_arp)
		snprintf(buf, n, "|arp %s|%s|%s|", e->pkt.arp_op == 2 ? _("reply") : "who-has",
			 ip_fmt(e->pkt.arp_tip, a), ip_fmt(e->pkt.arp_sip, b));
	else
		snprintf(buf, n, _("|pkt|%s|%s|"), ip_or_star(e->pkt.src, a),
			 ip_or_star(e->pkt.dst, b));
	/* a box too narrow for it keeps both addresses whole: the word goes */
	if (!e->pkt.is_arp && text_width(buf) > *xmax - *xmin)
		snprintf(buf, n, "|%s|%s|", ip_or_star(e->pkt.src, a), ip_or_star(e->pkt.dst, b));
	if (*x + text_width(buf) > *xmax)
		*x = *xmax - text_width(buf);
	if (*x < *xmin)
		*x = *xmin;
	return true;
}

/* Whether the w cells from x on row y are free of a wire's tee: on a box's bottom border
 * a wire leaves down (┬ or ASCII +), which the marker must not hide */
static bool marker_clear(const struct frame *f, int x, int y, int w)
{
	const char *tee = f->ascii ? "+" : "┬";

	for (int i = x; i < x + w; i++) {
		const struct cell *c = frame_at_c(f, i, y);

		if (c && strcmp(c->g, tee) == 0)
			return false;
	}
	return true;
}

/* The place nearest x in [xmin, xmax - w] where the marker hides no tee; x when none */
static int marker_dodge(const struct frame *f, int x, int y, int w, int xmin, int xmax)
{
	for (int d = 0; x - d >= xmin || x + d + w <= xmax; d++) {
		if (x - d >= xmin && marker_clear(f, x - d, y, w))
			return x - d;
		if (x + d + w <= xmax && marker_clear(f, x + d, y, w))
			return x + d;
	}
	return x;
}

/* Draws the marker on row y (or its box's border). While play moves the packet to
 * another host, the marker slides there. */
static void draw_marker(struct frame *f, const struct view *v, struct host_layout *hl, int nh,
			int y)
{
	const struct trace_event *e = cur_ev(v);
	char buf[96];
	int x, xmin = 0, xmax = f->w;

	if (!marker_place(v, hl, nh, buf, sizeof(buf), &x, &y, &xmin, &xmax))
		return;
	if (v->tween_left > 0 && v->tween_from >= 0 && (size_t)v->tween_from < v->t->n &&
	    v->t->ev[v->tween_from].pkt_id == e->pkt_id) {
		int fx = marker_x(v, hl, nh, &v->t->ev[v->tween_from]);

		if (fx >= 0)
			x += (fx - x) * v->tween_left / 1000;
		if (x + text_width(buf) > xmax)
			x = xmax - text_width(buf);
		if (x < xmin)
			x = xmin;
	}
	x = marker_dodge(f, x, y, text_width(buf), xmin, xmax);
	frame_text(f, x, y, xmax - x, ST_PACKET, buf);
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
	int lo, top, best = INT_MAX, at = v->cur, pkt;

	if (!e)
		return INT_MAX;
	if (e->host == hi)
		return 0;
	pkt = e->pkt_id;
	/* an event without a packet (accept(), a read, an error): the packet that led to
	 * it, the latest one on the same host shortly before */
	for (int i = v->cur - 1; !pkt && i >= 0 && i >= v->cur - 64; i--)
		if (v->t->ev[i].host == e->host && v->t->ev[i].pkt_id) {
			pkt = v->t->ev[i].pkt_id;
			at = i;
		}
	if (!pkt)
		return INT_MAX;
	lo = at > 256 ? at - 256 : 0;
	top = at + 256 < (int)v->t->n ? at + 256 : (int)v->t->n - 1;
	for (int i = lo; i <= top; i++)
		if (v->t->ev[i].host == hi && v->t->ev[i].pkt_id == pkt && 1 + abs(i - at) < best)
			best = 1 + abs(i - at);
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
int band_rows(const struct view *v, int w, int minw, int maxrows)
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
	 * of its packet's way nearest to it first (a switch on the way after the hosts and
	 * routers: every box names the switch port its NIC is wired to), then the others
	 * in graph order */
	if (no <= cap) {
		for (int i = 0; i < no; i++)
			take[i] = true;
		n = no;
	} else {
		int dist[256];

		for (int i = 0; i < no; i++) {
			dist[i] = path_distance(v, order[i]);
			if (dist[i] > 0 && dist[i] < INT_MAX / 2 &&
			    ui_host_is_switch(v->sim->hosts[order[i]]))
				dist[i] += INT_MAX / 2;
		}
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
			hl[idx].box = (struct rect){ r.x + (r.w - total) / 2 + c * (bw + g),
						     r.y + row * hb, bw, hb };
			hl[idx].nnic = 0;
			idx++;
		}
	}
	return n;
}

static bool has_box(const struct host_layout *hl, int nh, int host)
{
	for (int k = 0; k < nh; k++)
		if (hl[k].host == host)
			return true;
	return false;
}

/* How many veth wires join host a to host b. */
static int links(const struct host *a, int b)
{
	int n = 0;

	for (size_t k = 0; k < a->nnic; k++)
		n += a->nics[k].peer_host == b && a->nics[k].kind == NIC_VETH;
	return n;
}

/* The hosts that have no box, as small labelled nodes on row r in the network's graph
 * order, shaped as their boxes are: a host [pc3], a router (r2), a switch ‖lanA‖ (#lanA#
 * in ASCII); two nodes wired to each other are joined by a wire. They flow around the
 * packet marker's place; what does not fit is counted ("+2"), never dropped silently. */
static void draw_nodes(struct frame *f, const struct view *v, const struct host_layout *hl, int nh,
		       struct rect r)
{
	int order[256], no = graph_order(v->sim, order, 256), left = 0, prev = -1;
	int x = r.x + 1, end = r.x + r.w - 1, mx = -1, mw = 0, y = r.y, xmin = r.x,
	    xmax = r.x + r.w;
	char buf[96];

	if (marker_place(v, hl, nh, buf, sizeof(buf), &mx, &y, &xmin, &xmax) && y == r.y)
		mw = text_width(buf);
	else
		mx = -1;
	for (int i = 0; i < no; i++)
		left += !has_box(hl, nh, order[i]);
	for (int i = 0; i < no && left > 0; i++) {
		const struct host *h = v->sim->hosts[order[i]];
		const char *sw = f->ascii ? "#" : "‖";
		char tok[80];
		int tw, join = prev >= 0;

		if (has_box(hl, nh, order[i]))
			continue;
		if (ui_host_is_switch(h))
			snprintf(tok, sizeof(tok), "%s%s%s", sw, h->name, sw);
		else
			snprintf(tok, sizeof(tok), ui_host_is_router(h) ? "(%s)" : "[%s]", h->name);
		tw = text_width(tok);
		if (mx >= 0 && x + join + tw > mx - 1 && x < mx + mw + 1) {
			x = mx + mw + 1; /* past the marker: no wire across it */
			join = 0;
		}
		/* room for this node, and for "+N" after it while more are left */
		if (x + join + tw + (left > 1 ? 1 + snprintf(NULL, 0, "+%d", left - 1) : 0) > end) {
			if (x + 1 + snprintf(NULL, 0, "+%d", left) <= end)
				frame_printf(f, x + join, r.y, end - x, ST_DIM, "+%d", left);
			return;
		}
		if (join)
			frame_text(f, x, r.y, 1, ST_BORDER,
				   links(v->sim->hosts[prev], order[i]) ? frame_sym(f, SYM_H)
									: " ");
		x += join;
		frame_text(f, x, r.y, tw, ST_DIM, tok);
		x += tw;
		prev = order[i];
		left--;
	}
}

static void draw_wires(struct frame *f, const struct view *v, const struct host_layout *hl, int nh)
{
	for (int i = 0; i + 1 < nh; i++) {
		int n = links(v->sim->hosts[hl[i].host], hl[i + 1].host);
		int gx = hl[i].box.x + hl[i].box.w, gw = hl[i + 1].box.x - gx;

		if (hl[i + 1].box.y != hl[i].box.y)
			continue; /* the next box starts another row */
		for (int k = 0; k < n && k < 3; k++)
			frame_repeat(f, gx, hl[i].nic_row + k, gw, ST_BORDER,
				     frame_sym(f, SYM_WIRE));
	}
}

/* ---- wires across rows ---- */

/* A wire between two boxes that are not neighbours in one row: from a NIC of box a down
 * into the channel under a's row, along it, and to the NIC of box b (in the next row,
 * or in a's row further along). */
struct chan_wire {
	int a, b;	/* indexes into the layout; a is in the upper (or same) row */
	int ifa, ifb;	/* the NICs' ifindexes */
	int gap, track; /* the channel (the row of boxes above it) and its row in it */
	int span;	/* how far apart the two boxes are */
};

#define MAX_CHAN_WIRES 16
#define MAX_TRACKS 4 /* rows of one channel; wires beyond it keep their peer labels */

static int box_row(const struct host_layout *hl, int i, int y0, int hb)
{
	return (hl[i].box.y - y0) / hb;
}

/* The wires the rows cannot show side by side, each once, with its channel; returns
 * how many (at most max). Two rows apart or more: left to the peer labels. */
static int chan_wires(const struct view *v, const struct host_layout *hl, int nh, int y0, int hb,
		      struct chan_wire *w, int max)
{
	int n = 0;

	for (int i = 0; i < nh; i++) {
		const struct host *h = v->sim->hosts[hl[i].host];

		for (size_t k = 0; k < h->nnic; k++) {
			const struct nic *nc = &h->nics[k];
			int j, ri, rj;

			if (nc->kind != NIC_VETH || nc->peer_host < 0)
				continue;
			for (j = 0; j < nh && hl[j].host != nc->peer_host; j++)
				;
			if (j >= nh || j <= i) /* not drawn, or counted from the other end */
				continue;
			ri = box_row(hl, i, y0, hb);
			rj = box_row(hl, j, y0, hb);
			if ((ri == rj && j == i + 1) || rj - ri > 1 || ri - rj > 1)
				continue;
			if (n >= max)
				return n;
			/* the upper box first */
			w[n] = (struct chan_wire){ .a = ri <= rj ? i : j,
						   .b = ri <= rj ? j : i,
						   .ifa = ri <= rj ? nc->ifindex : nc->peer_ifindex,
						   .ifb = ri <= rj ? nc->peer_ifindex : nc->ifindex,
						   .gap = ri < rj ? ri : rj };
			n++;
		}
	}
	return n;
}

/* Gives each wire a row of its channel, the shortest runs nearest the boxes above; the
 * number of rows each channel needs goes to rows[] (at most MAX_TRACKS: a wire past it
 * gets track -1 and is not drawn). */
static void chan_tracks(const struct host_layout *hl, struct chan_wire *w, int n, int *rows,
			int nrows)
{
	for (int g = 0; g < nrows; g++)
		rows[g] = 0;
	for (int i = 0; i < n; i++) {
		const struct rect *a = &hl[w[i].a].box, *b = &hl[w[i].b].box;

		w[i].span = abs((a->x + a->w / 2) - (b->x + b->w / 2));
	}
	for (int i = 1; i < n; i++) /* insertion sort by span: n is small */
		for (int k = i; k > 0 && w[k].span < w[k - 1].span; k--) {
			struct chan_wire t = w[k];

			w[k] = w[k - 1];
			w[k - 1] = t;
		}
	for (int i = 0; i < n; i++) {
		int g = w[i].gap;

		w[i].track = g < nrows && rows[g] < MAX_TRACKS ? rows[g]++ : -1;
	}
}

int band_channels(const struct view *v, int w, bool big, int hb, int maxrows)
{
	struct host_layout hl[MAX_SHOWN_HOSTS];
	struct chan_wire cw[MAX_CHAN_WIRES];
	int rows[MAX_SHOWN_HOSTS], nh, n, total = 0;

	nh = layout_hosts(v, (struct rect){ 0, 0, w, hb * maxrows }, hb,
			  big ? BOX_MIN_BIG : BOX_MIN_SMALL, maxrows, hl);
	n = chan_wires(v, hl, nh, 0, hb, cw, MAX_CHAN_WIRES);
	chan_tracks(hl, cw, n, rows, MAX_SHOWN_HOSTS);
	for (int g = 0; g < MAX_SHOWN_HOSTS; g++)
		total += rows[g];
	return total;
}

/* The column a wire leaves box i by: under its NIC's name; a NIC the box does not name
 * (a switch's ports) gets its share of the box's width, so that two wires never meet. */
static int wire_x(const struct view *v, const struct host_layout *hl, int i, int ifindex)
{
	const struct host *h = v->sim->hosts[hl[i].host];
	int idx = 0, n = 0;

	for (int k = 0; k < hl[i].nnic; k++)
		if (hl[i].nic_if[k] == ifindex)
			return hl[i].pos[k].x + hl[i].pos[k].w / 2;
	for (size_t k = 0; k < h->nnic; k++)
		if (nic_shown(&h->nics[k])) {
			if (h->nics[k].ifindex == ifindex)
				idx = n;
			n++;
		}
	return hl[i].box.x + 2 + (2 * idx + 1) * (hl[i].box.w - 4) / (2 * (n ? n : 1));
}

/* One glyph of a wire at (x, y): a vertical run over a horizontal one crosses it. */
static void wire_cell(struct frame *f, int x, int y, const char *g)
{
	const struct cell *c = frame_at_c(f, x, y);
	bool v = strcmp(g, frame_sym(f, SYM_V)) == 0;

	if (c && v && strcmp(c->g, frame_sym(f, SYM_H)) == 0)
		g = f->ascii ? "+" : "┼";
	frame_text(f, x, y, 1, ST_BORDER, g);
}

/* The column a wire meets box b's border by: x, or the first plain border cell right of
 * it (a top border carries the box's title). */
static int on_border(const struct frame *f, const struct rect *b, int x, bool bottom)
{
	int y = bottom ? b->y + b->h - 1 : b->y;

	for (int xx = x; xx < b->x + b->w - 1; xx++) {
		const struct cell *c = frame_at_c(f, xx, y);

		if (c && (strcmp(c->g, "─") == 0 || strcmp(c->g, "═") == 0 ||
			  strcmp(c->g, "-") == 0 || strcmp(c->g, "=") == 0))
			return xx;
	}
	return x;
}

static void draw_chan_wires(struct frame *f, const struct view *v, const struct host_layout *hl,
			    const struct chan_wire *w, int n, const int *chan_y)
{
	const char *tee_down = f->ascii ? "+" : "┬", *tee_up = f->ascii ? "+" : "┴";
	int ends[MAX_CHAN_WIRES][2];

	for (int i = 0; i < n; i++) { /* where each wire meets its boxes, before any is drawn */
		const struct rect *a = &hl[w[i].a].box, *b = &hl[w[i].b].box;

		ends[i][0] = wire_x(v, hl, w[i].a, w[i].ifa);
		ends[i][1] = on_border(f, b, wire_x(v, hl, w[i].b, w[i].ifb), a->y == b->y);
	}
	for (int pass = 0; pass < 2; pass++) /* the runs along, then the ones down and up */
		for (int i = 0; i < n; i++) {
			const struct rect *a = &hl[w[i].a].box, *b = &hl[w[i].b].box;
			int xa = ends[i][0], xb = ends[i][1];
			int y = chan_y[w[i].gap] + w[i].track, lo = xa < xb ? xa : xb;
			int hi = xa < xb ? xb : xa;
			bool same_row = a->y == b->y;

			if (w[i].track < 0)
				continue;
			if (pass == 0) {
				for (int x = lo + 1; x < hi; x++)
					wire_cell(f, x, y, frame_sym(f, SYM_H));
				/* the corners: from a above; to b below, or back up to b */
				wire_cell(f, xa, y,
					  xa == xb   ? frame_sym(f, SYM_V)
					  : f->ascii ? "+"
					  : xa < xb  ? "└"
						     : "┘");
				if (xa != xb)
					wire_cell(f, xb, y,
						  f->ascii   ? "+"
						  : same_row ? (xb > xa ? "┘" : "└")
						  : xb > xa  ? "┐"
							     : "┌");
				continue;
			}
			frame_text(f, xa, a->y + a->h - 1, 1, ST_BORDER, tee_down);
			for (int yy = a->y + a->h; yy < y; yy++)
				wire_cell(f, xa, yy, frame_sym(f, SYM_V));
			if (same_row) {
				frame_text(f, xb, b->y + b->h - 1, 1, ST_BORDER, tee_down);
				for (int yy = b->y + b->h; yy < y; yy++)
					wire_cell(f, xb, yy, frame_sym(f, SYM_V));
			} else {
				frame_text(f, xb, b->y, 1, ST_BORDER, tee_up);
				for (int yy = y + 1; yy < b->y; yy++)
					wire_cell(f, xb, yy, frame_sym(f, SYM_V));
			}
		}
}

/* Host boxes hb rows high in up to maxrows rows in r, with the packet marker on r's
 * last row. */
void draw_hosts_band(struct frame *f, const struct view *v, struct rect r, bool big, int addr_rows,
		     int nic_rows, int hb, int maxrows, int chan)
{
	struct host_layout hl[MAX_SHOWN_HOSTS];
	struct chan_wire cw[MAX_CHAN_WIRES];
	int rows[MAX_SHOWN_HOSTS], chan_y[MAX_SHOWN_HOSTS], ncw = 0, used = 0;
	int nh = layout_hosts(v, (struct rect){ r.x, r.y, r.w, r.h - 1 - chan }, hb,
			      big ? BOX_MIN_BIG : BOX_MIN_SMALL, maxrows, hl);

	if (nh == 0) {
		frame_text(f, r.x + 2, r.y + 1, r.w - 4, ST_DIM, _("no hosts yet"));
		return;
	}
	if (chan > 0) {
		/* each channel opens under its row of boxes; the rows below move down */
		ncw = chan_wires(v, hl, nh, r.y, hb, cw, MAX_CHAN_WIRES);
		chan_tracks(hl, cw, ncw, rows, MAX_SHOWN_HOSTS);
		for (int g = 0; g < MAX_SHOWN_HOSTS; g++) {
			chan_y[g] = r.y + (g + 1) * hb + used;
			used += rows[g];
		}
		if (used > chan) {
			ncw = 0; /* no room after all: the peer labels say it */
		} else {
			for (int i = 0; i < nh; i++) {
				int g = box_row(hl, i, r.y, hb);

				hl[i].box.y += chan_y[g] - (r.y + (g + 1) * hb);
			}
		}
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
	draw_chan_wires(f, v, hl, cw, ncw, chan_y);
	if (v->sim->nhosts > (size_t)nh)
		draw_nodes(f, v, hl, nh, (struct rect){ r.x, r.y + r.h - 1, r.w, 1 });
	draw_marker(f, v, hl, nh, r.y + r.h - 1);
}

int max_addrs(const struct view *v, int cap)
{
	size_t m = 1;

	for (size_t i = 0; v->sim && i < v->sim->nhosts; i++)
		for (size_t k = 0; k < v->sim->hosts[i]->nnic; k++)
			if (v->sim->hosts[i]->nics[k].naddr > m)
				m = v->sim->hosts[i]->nics[k].naddr;
	return (int)m < cap ? (int)m : cap;
}

int max_nics(const struct view *v, int cap)
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

int draw_host_zoomed(struct frame *f, const struct view *v, int hi, int x, int y, int w)
{
	struct host_layout hl;

	memset(&hl, 0, sizeof(hl));
	hl.host = hi;
	hl.box = (struct rect){ x, y, w, 9 + max_addrs(v, 8) + 1 };
	draw_host(f, v, &hl, true, max_addrs(v, 8), max_addrs(v, 8) + 2);
	return hl.box.h;
}
