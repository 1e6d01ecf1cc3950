/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * panes: the packet card (every field, its value and origin; the big text of presenter
 * mode), the event list, and the route table of the shown host with the route the
 * engine used, its conntrack entries and its neighbours.
 */
#include "view.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tools/cmd.h"
#include "net/ct.h"
#include "net/sock.h"
#include "pipeline.h"
#include "render-int.h"

/* ---- big block text (presenter mode: the field that just changed) ---- */

/* A 3x5 pixel font, FIGlet-style: digits, capitals (lower case is drawn as capitals)
 * and the punctuation of addresses and interface names. */
static const struct {
	char c;
	const char *rows[5];
} big_font[] = {
	{ '0', { "###", "# #", "# #", "# #", "###" } },
	{ '1', { " # ", "## ", " # ", " # ", "###" } },
	{ '2', { "###", "  #", "###", "#  ", "###" } },
	{ '3', { "###", "  #", "###", "  #", "###" } },
	{ '4', { "# #", "# #", "###", "  #", "  #" } },
	{ '5', { "###", "#  ", "###", "  #", "###" } },
	{ '6', { "###", "#  ", "###", "# #", "###" } },
	{ '7', { "###", "  #", "  #", "  #", "  #" } },
	{ '8', { "###", "# #", "###", "# #", "###" } },
	{ '9', { "###", "# #", "###", "  #", "###" } },
	{ 'A', { " # ", "# #", "###", "# #", "# #" } },
	{ 'B', { "## ", "# #", "## ", "# #", "## " } },
	{ 'C', { "###", "#  ", "#  ", "#  ", "###" } },
	{ 'D', { "## ", "# #", "# #", "# #", "## " } },
	{ 'E', { "###", "#  ", "## ", "#  ", "###" } },
	{ 'F', { "###", "#  ", "## ", "#  ", "#  " } },
	{ 'G', { "###", "#  ", "# #", "# #", "###" } },
	{ 'H', { "# #", "# #", "###", "# #", "# #" } },
	{ 'I', { "###", " # ", " # ", " # ", "###" } },
	{ 'J', { "  #", "  #", "  #", "# #", "###" } },
	{ 'K', { "# #", "# #", "## ", "# #", "# #" } },
	{ 'L', { "#  ", "#  ", "#  ", "#  ", "###" } },
	{ 'M', { "# #", "###", "###", "# #", "# #" } },
	{ 'N', { "## ", "# #", "# #", "# #", "# #" } },
	{ 'O', { " # ", "# #", "# #", "# #", " # " } },
	{ 'P', { "###", "# #", "###", "#  ", "#  " } },
	{ 'Q', { "###", "# #", "# #", "###", "  #" } },
	{ 'R', { "## ", "# #", "## ", "# #", "# #" } },
	{ 'S', { " ##", "#  ", " # ", "  #", "## " } },
	{ 'T', { "###", " # ", " # ", " # ", " # " } },
	{ 'U', { "# #", "# #", "# #", "# #", "###" } },
	{ 'V', { "# #", "# #", "# #", "# #", " # " } },
	{ 'W', { "# #", "# #", "###", "###", "# #" } },
	{ 'X', { "# #", "# #", " # ", "# #", "# #" } },
	{ 'Y', { "# #", "# #", " # ", " # ", " # " } },
	{ 'Z', { "###", "  #", " # ", "#  ", "###" } },
	{ '.', { "   ", "   ", "   ", "   ", " # " } },
	{ ':', { "   ", " # ", "   ", " # ", "   " } },
	{ '-', { "   ", "   ", "###", "   ", "   " } },
	{ '/', { "  #", "  #", " # ", "#  ", "#  " } },
	{ '_', { "   ", "   ", "   ", "   ", "###" } },
	{ '*', { "   ", "# #", " # ", "# #", "   " } },
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
		snprintf(r[n++].value, sizeof(r->value), "%s",
			 e->pkt.arp_op == 2 ? _("reply") : _("request (who-has)"));
		r[n] = (struct card_row){ _("sender"), "", -1, false };
		snprintf(r[n++].value, sizeof(r->value), "%s", ip_fmt(e->pkt.arp_sip, a));
		r[n] = (struct card_row){ _("target"), "", -1, false };
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
		const char *tn = icmp_type_name(e->pkt.sport),
			   *cn = icmp_code_name(e->pkt.sport, e->pkt.dport);

		r[n] = (struct card_row){ _("type"), "", FIELD_SPORT,
					  p && p->pkt.sport != e->pkt.sport };
		snprintf(r[n++].value, sizeof(r->value), "%u%s%s", e->pkt.sport, tn ? " " : "",
			 tn ? tn : "");
		r[n] = (struct card_row){ _("code"), "", FIELD_DPORT,
					  p && p->pkt.dport != e->pkt.dport };
		snprintf(r[n++].value, sizeof(r->value), "%u%s%s", e->pkt.dport, cn ? " " : "",
			 cn ? cn : "");
		/* an echo's identifier: conntrack's key in place of ports (NAT may change it) */
		if (pkt_is_echo(&e->pkt)) {
			r[n] = (struct card_row){ "id", "", -1,
						  p && p->pkt.icmp_id != e->pkt.icmp_id };
			snprintf(r[n++].value, sizeof(r->value), _("%u  seq %u"), e->pkt.icmp_id,
				 e->pkt.seq);
		}
	} else {
		r[n] = (struct card_row){ "sport", "", FIELD_SPORT,
					  p && p->pkt.sport != e->pkt.sport };
		if (e->pkt.sport)
			snprintf(r[n++].value, sizeof(r->value), "%u", e->pkt.sport);
		else
			snprintf(r[n++].value, sizeof(r->value), "-");
		r[n] = (struct card_row){ "dport", "", FIELD_DPORT,
					  p && p->pkt.dport != e->pkt.dport };
		if (e->pkt.dport)
			snprintf(r[n++].value, sizeof(r->value), "%u", e->pkt.dport);
		else
			snprintf(r[n++].value, sizeof(r->value), "-");
	}
	r[n] = (struct card_row){ "oif", "", FIELD_OIF, p && strcmp(p->oif, e->oif) != 0 };
	snprintf(r[n++].value, sizeof(r->value), "%s%s%s", e->oif[0] ? e->oif : "-",
		 e->iif[0] ? "  iif " : "", e->iif);
	tcp_flags_str(e->pkt.tcp_flags, fl, sizeof(fl));
	/* the TTL once the IP header has one; a router's decrement marks the row changed */
	/* and the IP header's DF bit and total length (a fragment's, or the datagram's) */
	r[n] = (struct card_row){
		"proto", "", -1,
		p && (p->pkt.proto != e->pkt.proto || p->pkt.tcp_flags != e->pkt.tcp_flags ||
		      (p->pkt.ttl && p->pkt.ttl != e->pkt.ttl) || p->pkt.df != e->pkt.df)
	};
	snprintf(a, sizeof(a), "%u", e->pkt.ttl);
	snprintf(r[n++].value, sizeof(r->value), "%s%s%s%s ttl %s%s len %u",
		 pkt_proto_name(e->pkt.proto), fl[0] ? " [" : "", fl, fl[0] ? "]" : "",
		 e->pkt.ttl ? a : "-", e->pkt.df ? " DF" : "", pkt_ip_len(&e->pkt));
	if (pkt_is_frag(&e->pkt)) {
		/* a fragment: where its bytes are in the datagram (ip_fragment) */
		r[n] = (struct card_row){ "frag", "", -1, false };
		snprintf(r[n++].value, sizeof(r->value), _("bytes %u-%u of #%d%s"), e->pkt.frag_off,
			 e->pkt.frag_off + e->pkt.frag_len - 1, e->pkt.frag_of,
			 e->pkt.mf ? _(", more follow (MF)") : _(", the last"));
	}
	if (e->pkt.proto == PKT_PROTO_ICMP && e->pkt.sport == 3 && e->pkt.dport == 4) {
		/* "fragmentation needed" names the MTU of the link the packet did not fit */
		r[n] = (struct card_row){ "mtu", "", -1, false };
		snprintf(r[n++].value, sizeof(r->value), _("%u (the next hop's)"), e->pkt.icmp_mtu);
	}
	/* a SYN's MSS option (TCPMSS may lower it on the way, or add one to a segment) */
	if (e->pkt.proto == PKT_PROTO_TCP && e->pkt.mss) {
		r[n] = (struct card_row){ "mss", "", -1, p && p->pkt.mss != e->pkt.mss };
		snprintf(r[n++].value, sizeof(r->value), "%u", e->pkt.mss);
	}
	if (e->pkt.proto == PKT_PROTO_ICMP && e->pkt.sport == 5) {
		/* a redirect carries no text, but the better gateway */
		r[n] = (struct card_row){ "gw", "", -1, false };
		snprintf(r[n++].value, sizeof(r->value), _("%s (use it for %s)"),
			 ip_fmt(e->pkt.icmp_gw, a), ip_fmt(e->pkt.ack, fl));
		return n;
	}
	r[n] = (struct card_row){ _("data"), "", -1,
				  p && strcmp(pkt_payload(&p->pkt), pkt_payload(&e->pkt)) != 0 };
	if (e->pkt.pad && pkt_payload(&e->pkt)[0])
		snprintf(r[n++].value, sizeof(r->value), _("\"%s\" + %u zero bytes"),
			 pkt_payload(&e->pkt), e->pkt.pad);
	else if (e->pkt.pad)
		snprintf(r[n++].value, sizeof(r->value), _("%u zero bytes"), e->pkt.pad);
	else
		snprintf(r[n++].value, sizeof(r->value), "%s%s%s",
			 pkt_payload(&e->pkt)[0] ? "\"" : "",
			 pkt_payload(&e->pkt)[0] ? pkt_payload(&e->pkt) : _("(none)"),
			 pkt_payload(&e->pkt)[0] ? "\"" : "");
	return n;
}

/* The card of an event that carries no packet: a network change, an error */
static void card_no_packet(struct frame *f, const struct view *v, const struct trace_event *e,
			   struct rect r)
{
	bool con = e->stage == TRACE_CONFIG && ev_from_console(v, v->cur);
	char title[128], text[400];

	snprintf(title, sizeof(title), _("%s on %s"),
		 con			    ? _("console edit")
		 : e->stage == TRACE_CONFIG ? _("network change")
		 : e->stage == TRACE_ERROR  ? _("error")
					    : trace_stage_name(e->stage),
		 e->host_name);
	frame_box(f, r, ST_BORDER, title, ST_TITLE);
	snprintf(text, sizeof(text), "%s%s", con ? _("console: ") : "",
		 e->why[0] ? e->why : trace_stage_name(e->stage));
	wrap_at(f, r.x + 2, r.y + 1, r.w - 4, r.h - 2,
		e->stage == TRACE_ERROR ? ST_BAD : ST_SELECTED, false, text);
}

/* Presenter: the field that just changed, in block letters, when it fits (its row in
 * *big, else -1); the rows' spacing, 1 or 2, from the room left */
static int card_spacing(const struct trace_event *e, const struct card_row *rows, int n,
			struct rect r, int w, bool large, int *big, char *bigtext, size_t bn)
{
	*big = -1;
	if (!large)
		return 1;
	for (int i = 0; i < n && *big < 0; i++)
		if (rows[i].changed && rows[i].field >= 0)
			*big = i;
	if (*big >= 0) {
		char val[48];

		field_value(e, rows[*big].field, val, sizeof(val));
		if (big_width(val) + 4 + big_width(rows[*big].label) <= w)
			snprintf(bigtext, bn, "%.16s %.47s", rows[*big].label, val);
		else if (big_width(val) <= w)
			snprintf(bigtext, bn, "%s", val);
		else
			*big = -1;
	}
	if (*big >= 0 && r.h - 2 >= 2 * n + 3 + BIG_ROWS + 2)
		return 2;
	if (*big >= 0 && r.h - 2 >= n + 3 + BIG_ROWS + 2)
		return 1;
	*big = -1;
	return r.h - 2 >= 2 * n + 3 ? 2 : 1;
}

/* One field row: changed mark, label, value, and where its value came from */
static void card_row_draw(struct frame *f, const struct view *v, const struct trace_event *e,
			  const struct card_row *row, int x, int y, int w, int lw, int vw)
{
	enum origin o = row->field >= 0 ? e->from[row->field] : ORIGIN_NONE;
	int col = 1 + lw;

	if (v->hits && row->field >= 0)
		v->hits->field_y[row->field] = y;
	frame_text(f, x, y, w, row->changed ? ST_CHANGED : ST_NORMAL,
		   row->changed ? frame_sym(f, SYM_CHANGED) : " ");
	frame_printf(f, x + 1, y, lw,
		     row->field >= 0 && row->field == v->inspect ? ST_CURRENT : ST_DIM, "%s",
		     row->label);
	frame_text(f, x + col, y, row->field == FIELD_OIF || row->field < 0 ? w - col : vw,
		   row->changed ? ST_CHANGED : ST_NORMAL, row->value);
	if (row->field >= 0 && o != ORIGIN_NONE) {
		int vcol = text_width(row->value);

		if (vcol < vw)
			vcol = vw;
		frame_printf(f, x + col + vcol + 1, y, w - col - vcol - 1, origin_style(o), "[%s]",
			     origin_label(o));
	}
}

/* The kernel's log line of the event and this packet's journey so far */
static void card_log_journey(struct frame *f, const struct view *v, const struct trace_event *e,
			     struct rect r, int y)
{
	int x = r.x + 2, w = r.w - 4, lw;
	struct strbuf sb;

	strbuf_init(&sb);
	trace_event_text(e, &sb);
	y++;
	lw = frame_text(f, x, y, w / 3, ST_DIM, _("log "));
	y += wrap_at(f, x + lw, y, w - lw, 3, ST_NORMAL, false, sb.buf);
	strbuf_release(&sb);
	y++;
	if (y >= r.y + r.h - 2)
		return;
	frame_printf(f, x, y++, w, ST_DIM, _("journey of packet #%d"), e->pkt_id);
	for (int i = 0; i <= v->cur && y < r.y + r.h - 1; i++) {
		const struct trace_event *pe = &v->t->ev[i];
		char where[48];

		if (pe->pkt_id != e->pkt_id)
			continue;
		ev_where(pe, where, sizeof(where));
		frame_printf(f, x, y++, w, i == v->cur ? ST_CURRENT : ST_NORMAL,
			     "%3d %-6.6s %-10s %s%s%s%s %s", pe->seq + 1, pe->host_name, where,
			     pe->iif[0] ? "IN=" : "", pe->iif, pe->oif[0] ? " OUT=" : "", pe->oif,
			     trace_verdict_name(pe->verdict));
	}
}

/* The provenance sentence of the inspected field (Enter, or a click on it); the next
 * free row */
static int card_provenance(struct frame *f, const struct view *v, const struct card_row *rows,
			   int n, int spacing, struct rect r, int y)
{
	int x = r.x + 2, w = r.w - 4, lw;
	char prov[600];
	bool shown = false;

	for (int i = 0; i < n; i++)
		shown |= rows[i].field == v->inspect;
	if (!shown)
		return y;
	view_provenance(v, v->inspect, prov, sizeof(prov));
	if (spacing == 1 && r.h - 2 - n > 2)
		y++;
	lw = frame_text(f, x, y, w / 3, ST_KEY, _("from "));
	return y + wrap_at(f, x + lw, y, w - lw, r.y + r.h - 1 - y, ST_SELECTED, false, prov);
}

/* why, and the verdict in words (never by colour alone); the next free row */
static int card_why(struct frame *f, const struct view *v, const struct trace_event *e, int n,
		    int spacing, struct rect r, int y)
{
	int x = r.x + 2, w = r.w - 4, lw;
	char why[1200];

	snprintf(why, sizeof(why), "%s%s%s", trace_verdict_name(e->verdict),
		 e->verdict != VERDICT_NONE ? ": " : "",
		 e->why[0] ? e->why : trace_stage_name(e->stage));
	if (spacing == 1 && r.h - 2 - n > 2 && v->inspect < 0)
		y++; /* keep one blank row between fields and why when it fits */
	lw = frame_text(f, x, y, w / 3, ST_DIM, _("why "));
	return y + wrap_at(f, x + lw, y, w - lw, r.y + r.h - 1 - y,
			   e->verdict == VERDICT_DROP || e->stage == TRACE_DROP ||
					   e->stage == TRACE_ERROR
				   ? ST_BAD
				   : ST_NORMAL,
			   false, why);
}

void draw_card(struct frame *f, const struct view *v, struct rect r, bool large)
{
	const struct trace_event *e = cur_ev(v);
	struct card_row rows[12];
	char title[128], bigtext[80] = "";
	int n, y, x = r.x + 2, w = r.w - 4, vw = large ? 24 : 15, lw = large ? 8 : 6, spacing, big;

	if (v->hits)
		v->hits->card = r;
	if (!e) {
		frame_box(f, r, ST_BORDER, _("packet"), ST_TITLE);
		frame_text(f, x, r.y + 1, w, ST_DIM,
			   v->t && v->t->n ? "" : _("the scene sends no packets"));
		return;
	}
	if (e->stage == TRACE_CONFIG || e->stage == TRACE_ERROR ||
	    (!e->pkt.is_arp && !e->pkt.proto && !e->pkt.src && !e->pkt.dst)) {
		card_no_packet(f, v, e, r);
		return;
	}
	snprintf(title, sizeof(title), _("%spacket #%d %s on %s"), focus_mark(f, v, PANE_CARD),
		 e->pkt_id, e->pkt.is_arp ? "ARP" : pkt_proto_name(e->pkt.proto), e->host_name);
	frame_box(f, r, v->focus == PANE_CARD ? ST_SELECTED : ST_BORDER, title, ST_TITLE);
	n = card_rows(e, prev_same_pkt(v), rows);
	/* a label is followed by at least one blank ("sender", "target" of ARP) */
	for (int i = 0; i < n; i++)
		if (text_width(rows[i].label) + 1 > lw)
			lw = text_width(rows[i].label) + 1;
	spacing = card_spacing(e, rows, n, r, w, large, &big, bigtext, sizeof(bigtext));
	y = r.y + 1;
	for (int i = 0; i < n && y < r.y + r.h - 1; i++, y += spacing)
		card_row_draw(f, v, e, &rows[i], x, y, w, lw, vw);
	if (big >= 0 && y + BIG_ROWS < r.y + r.h - 1) {
		draw_big(f, x + 1, y, ST_CAPTION, bigtext);
		y += BIG_ROWS + 1;
	}
	if (v->inspect >= 0 && v->inspect < FIELD__COUNT && y < r.y + r.h - 1)
		y = card_provenance(f, v, rows, n, spacing, r, y);
	if (y < r.y + r.h - 1)
		y = card_why(f, v, e, n, spacing, r, y);
	/* with room to spare: the kernel's log line and this packet's journey so far */
	if (!large && y + 4 < r.y + r.h - 1)
		card_log_journey(f, v, e, r, y);
}

/* ---- event list ---- */

void draw_events(struct frame *f, const struct view *v, struct rect r)
{
	int rows = r.h - 2, first, x = r.x + 1, w = r.w - 2, nvis = 0, pos = -1;
	bool wide = w >= 56;
	char title[96];
	int *vis;

	for (int i = 0; v->t && i < (int)v->t->n; i++)
		nvis += view_ev_visible(v, i);
	if (v->filter)
		snprintf(title, sizeof(title), _("%sevents %d/%zu, %d shown"),
			 focus_mark(f, v, PANE_EVENTS), v->cur + 1, v->t ? v->t->n : (size_t)0,
			 nvis);
	else
		snprintf(title, sizeof(title), _("%sevents %d/%zu"), focus_mark(f, v, PANE_EVENTS),
			 v->cur + 1, v->t ? v->t->n : (size_t)0);
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
		frame_text(f, x + 1, r.y + 1, w - 1, ST_DIM, _("the filter hides every event (f)"));
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
			snprintf(detail, sizeof(detail), "arp %s %s",
				 e->pkt.arp_op == 2 ? "reply" : "who-has",
				 ip_fmt(e->pkt.arp_tip, a));
		else if (e->iif[0] || e->oif[0])
			snprintf(detail, sizeof(detail), "%s%s%s%s%s", e->iif[0] ? "IN=" : "",
				 e->iif, e->iif[0] && e->oif[0] ? " " : "", e->oif[0] ? "OUT=" : "",
				 e->oif);
		if (wide && !e->pkt.is_arp && e->stage != TRACE_CONFIG) {
			size_t len = strlen(detail);

			snprintf(detail + len, sizeof(detail) - len, "%s%s>%s", len ? " " : "",
				 ip_or_star(e->pkt.src, a), ip_or_star(e->pkt.dst, b));
		}
		if (on)
			frame_fill(f, (struct rect){ x, r.y + 1 + i, w, 1 }, ST_CURRENT);
		frame_printf(f, x, r.y + 1 + i, w, on ? ST_CURRENT : ST_NORMAL,
			     "%s%3d %-6.6s %-10.10s %s%s%s", on ? frame_sym(f, SYM_POINTER) : " ",
			     e->seq + 1, e->host_name, where, detail,
			     e->verdict != VERDICT_NONE ? " " : "", trace_verdict_name(e->verdict));
		if (!on && v->search && view_ev_match(v->t, idx, v->search))
			frame_restyle(f, (struct rect){ x + 1, r.y + 1 + i, 3, 1 }, ST_MATCH);
	}
	free(vis);
}

/* ---- route table ---- */

int shown_host(const struct view *v)
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

/* The host's rules from row y (below a "rules" heading) once they are not the three
 * a host starts with, one `ip rule` line each, the one that chose the table of the
 * current routing decision marked. Returns the next free row. */
static int draw_rules(struct frame *f, const struct view *v, const struct host *h, int x, int y,
		      int w, int bottom)
{
	const struct trace_event *e = cur_ev(v);
	const struct trace_route *k = e && e->host == h->index ? decision_of(v) : NULL;
	struct strbuf sb;

	if (!h->custom_rules || h->nrules == 0 || y + 2 > bottom)
		return y;
	frame_printf(f, x + 1, y++, w - 1, ST_TITLE, _("rules (%zu)"), h->nrules);
	strbuf_init(&sb);
	for (size_t i = 0; i < h->nrules && y < bottom; i++) {
		bool on = k && k->has_rule && k->rule_pref == h->rules[i].pref;

		struct jw text = jw_text(&sb);

		strbuf_reset(&sb);
		ip_rule_fmt(h, &h->rules[i], &text);
		for (size_t c = 0; c < sb.len; c++)
			if (sb.buf[c] == '\t' || sb.buf[c] == '\n')
				sb.buf[c] = ' ';
		if (on)
			frame_fill(f, (struct rect){ x, y, w, 1 }, ST_MATCH);
		frame_printf(f, x, y++, w, on ? ST_MATCH : ST_NORMAL, "%s%s",
			     on ? frame_sym(f, SYM_POINTER) : " ", sb.buf);
	}
	strbuf_release(&sb);
	return y;
}

/* The host's iptables rules from row y (below an "iptables" heading), table by table:
 * the packets each one matched, its table, the rule in `iptables -S` syntax; the rule
 * that acted at the current netfilter event marked. Returns the next free row. */
static int draw_iptables(struct frame *f, const struct view *v, const struct host *h, int x, int y,
			 int w, int bottom)
{
	const struct trace_event *e = cur_ev(v);
	/* the rule that acted at the current netfilter event, by table, chain and number */
	bool acted = e && e->host == h->index && e->stage == TRACE_NF && e->rulenum > 0;
	struct strbuf sb;
	size_t n = 0;

	for (int t = 0; h->nf && t < NF_TABLE__COUNT; t++)
		for (size_t c = 0; c < h->nf->t[t].n; c++)
			n += h->nf->t[t].chains[c].n;
	if (n == 0 || y + 2 > bottom)
		return y;
	frame_printf(f, x + 1, y++, w - 1, ST_TITLE, _("iptables (%zu): pkts table rule"), n);
	strbuf_init(&sb);
	for (int t = 0; t < NF_TABLE__COUNT; t++)
		for (size_t c = 0; c < h->nf->t[t].n; c++) {
			const struct nf_chain *ch = &h->nf->t[t].chains[c];

			for (size_t i = 0; i < ch->n && y < bottom; i++) {
				bool on;

				strbuf_reset(&sb);
				strbuf_printf(&sb, "-A %s ", ch->name);
				nf_rule_spec(&ch->r[i], &sb);
				on = acted && e->table == t && (size_t)e->rulenum == i + 1 &&
				     strcmp(e->rule, sb.buf) == 0;
				if (on)
					frame_fill(f, (struct rect){ x, y, w, 1 }, ST_MATCH);
				/* the packet count first, as iptables -L -v has it: a cut keeps it */
				frame_printf(f, x, y++, w, on ? ST_MATCH : ST_NORMAL,
					     "%s%4llu %s %s", on ? frame_sym(f, SYM_POINTER) : " ",
					     (unsigned long long)ch->r[i].pkts,
					     nf_table_name((enum nf_table)t), sb.buf);
			}
		}
	strbuf_release(&sb);
	return y;
}

struct sysctl_lines {
	char line[160][96];
	size_t n;
};

/* "net.ipv4.KEY = VAL", or "net.ipv4.conf.DEV.KEY = VAL" */
static void sysctl_line(struct sysctl_lines *l, const char *key, const char *dev, int val)
{
	if (l->n >= sizeof(l->line) / sizeof(l->line[0]))
		return;
	if (dev)
		snprintf(l->line[l->n++], sizeof(l->line[0]), "net.ipv4.conf.%s.%s = %d", dev, key,
			 val);
	else
		snprintf(l->line[l->n++], sizeof(l->line[0]), "net.ipv4.%s = %d", key, val);
}

/* The host's sysctls that are not the kernel's defaults, as `sysctl KEY` prints them,
 * from row y (below a "sysctl" heading): ip_forward, ip_default_ttl and the
 * net.ipv4.conf keys of all, default and each NIC (forwarding is ip_forward's, and left
 * out). Returns the next free row. */
static int draw_sysctls(struct frame *f, const struct host *h, int x, int y, int w, int bottom)
{
	struct sysctl_lines *l = xcalloc(1, sizeof(*l));

	if (h->conf_all[DEVCONF_FORWARDING] != devconf_default(DEVCONF_FORWARDING))
		sysctl_line(l, "ip_forward", NULL, h->conf_all[DEVCONF_FORWARDING]);
	if (h->ip_default_ttl != 64)
		sysctl_line(l, "ip_default_ttl", NULL, h->ip_default_ttl);
	if (h->route_min_pmtu != 552)
		sysctl_line(l, "route.min_pmtu", NULL, h->route_min_pmtu);
	if (h->route_mtu_expires != 600 * KERNEL_HZ)
		sysctl_line(l, "route.mtu_expires", NULL, h->route_mtu_expires / KERNEL_HZ);
	if (h->ipfrag_time != 30 * KERNEL_HZ)
		sysctl_line(l, "ipfrag_time", NULL, h->ipfrag_time / KERNEL_HZ);
	if (h->ip_fwd_use_pmtu)
		sysctl_line(l, "ip_forward_use_pmtu", NULL, h->ip_fwd_use_pmtu);
	for (int c = 0; c < DEVCONF__COUNT; c++) {
		const char *k = devconf_name((enum devconf)c);
		int def = devconf_default((enum devconf)c);

		if (c == DEVCONF_FORWARDING)
			continue;
		if (h->conf_all[c] != def)
			sysctl_line(l, k, "all", h->conf_all[c]);
		if (h->conf_default[c] != def)
			sysctl_line(l, k, "default", h->conf_default[c]);
		for (size_t i = 0; i < h->nnic; i++)
			if (h->nics[i].kind != NIC_LOOPBACK && h->nics[i].conf[c] != def)
				sysctl_line(l, k, h->nics[i].name, h->nics[i].conf[c]);
	}
	if (l->n && y + 2 <= bottom) {
		frame_printf(f, x + 1, y++, w - 1, ST_TITLE, _("sysctl, not the defaults (%zu)"),
			     l->n);
		for (size_t i = 0; i < l->n && y < bottom; i++)
			frame_text(f, x + 1, y++, w - 1, ST_NORMAL, l->line[i]);
	}
	free(l);
	return y;
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
	frame_printf(f, x + 1, y++, w - 1, ST_TITLE, _("conntrack (%zu)"), n);
	strbuf_init(&sb);
	for (size_t i = 0; i < t->n && y + 2 <= bottom; i++) {
		const struct ct_entry *ce = &t->e[i];
		const char *pn = ce->t[0].proto == PKT_PROTO_TCP   ? "tcp"
				 : ce->t[0].proto == PKT_PROTO_UDP ? "udp"
								   : "icmp";

		if (!ct_entry_listed(h, ce))
			continue;
		strbuf_reset(&sb);
		/* the protocol, and for TCP its conntrack state */
		strbuf_printf(&sb, "%s ", pn);
		if (ce->t[0].proto == PKT_PROTO_TCP)
			strbuf_printf(&sb, "%s ", ct_tcp_state_name(ce->tcp));
		ct_tuple_text(&ce->t[CT_DIR_ORIG], &sb);
		if (!ce->seen_reply)
			strbuf_puts(&sb, " [UNREPLIED]");
		frame_text(f, x + 1, y++, w - 1, ST_NORMAL, sb.buf);
		strbuf_reset(&sb);
		strbuf_puts(&sb, "  reply ");
		ct_tuple_text(&ce->t[CT_DIR_REPLY], &sb);
		if (ce->assured)
			strbuf_puts(&sb, " [ASSURED]");
		frame_text(f, x + 1, y++, w - 1, ce->snat || ce->dnat ? ST_O_NAT : ST_NORMAL,
			   sb.buf);
	}
	strbuf_release(&sb);
	return y;
}

/* The host's live route exceptions from row y (below their heading): what an ICMP
 * redirect or "fragmentation needed" taught it, and for how long yet. Returns the next
 * free row. */
static int draw_exceptions(struct frame *f, const struct host *h, int x, int y, int w, int bottom)
{
	int64_t now = host_jiffies(h);
	size_t n = 0;

	for (size_t i = 0; i < h->nfnhe; i++)
		n += h->fnhes[i].expires > now;
	if (n == 0 || y + 2 > bottom)
		return y;
	frame_printf(f, x + 1, y++, w - 1, ST_TITLE, _("route exceptions (%zu)"), n);
	for (size_t i = 0; i < h->nfnhe && y < bottom; i++) {
		const struct fnhe *e = &h->fnhes[i];
		char gw[40] = "", mtu[40] = "";

		if (e->expires <= now)
			continue;
		if (e->gw)
			snprintf(gw, sizeof(gw), " via %s redirected", ip_str(e->gw));
		if (e->pmtu)
			snprintf(mtu, sizeof(mtu), " mtu %s%u", e->mtu_locked ? "lock " : "",
				 e->pmtu);
		frame_printf(f, x + 1, y++, w - 1, ST_NORMAL, "%s%s%s (%llds)", ip_str(e->daddr),
			     gw, mtu, (long long)((e->expires - now) / KERNEL_HZ));
	}
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
	frame_printf(f, x + 1, y++, w - 1, ST_TITLE, _("neighbours (%zu)"), n);
	strbuf_init(&sb);
	for (size_t i = 0; i < h->nneigh && y < bottom; i++) {
		if (!(h->neigh[i].state & NEIGH_SHOW_DEFAULT))
			continue;
		struct jw text = jw_text(&sb);

		strbuf_reset(&sb);
		neigh_fmt(h, &h->neigh[i], true, &text);
		frame_text(f, x + 1, y++, w - 1, ST_NORMAL, sb.buf);
	}
	strbuf_release(&sb);
}

void draw_routes(struct frame *f, const struct view *v, struct rect r, bool full)
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
		frame_box(f, r, ST_BORDER, _("routes"), ST_TITLE);
		return;
	}
	h = v->sim->hosts[hi];
	if (e && e->host == hi && !e->pkt.is_arp) {
		const struct trace_route *k = decision_of(v);

		if (k)
			match = host_route_by_key(h, k);
	}
	snprintf(title, sizeof(title), _("%sroutes %s%s%s"), focus_mark(f, v, PANE_ROUTES), h->name,
		 match ? _(" for dst ") : "", match ? ip_str(e->pkt.dst) : "");
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

		for (const struct route *rt = table_first(t); rt && y < r.y + r.h - 1;
		     rt = table_next(t, rt)) {
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
				ui_route_line(h, rt, t->id != RT_TABLE_MAIN, &sb);
			} else {
				if (t->id != RT_TABLE_MAIN) {
					char tb[32];

					strbuf_printf(&sb, "[%s] ",
						      rt_table_name(t->id, tb, sizeof(tb)));
				}
				ui_route_short(h, rt, &sb, w - 1);
			}
			if (on)
				frame_fill(f, (struct rect){ x, y, w, 1 }, ST_MATCH);
			frame_printf(f, x, y++, w, on ? ST_MATCH : ST_NORMAL, "%s%s",
				     on ? frame_sym(f, SYM_POINTER) : " ", sb.buf);
		}
	}
	if (y == r.y + 1)
		frame_text(f, x + 1, y++, w - 1, ST_DIM, _("no routes"));
	strbuf_release(&sb);
	/* below the routes, while rows remain: its route exceptions, the connections the
	 * host tracks (with their NAT bindings) and its neighbours, as `ip route get`,
	 * `conntrack -L` and `ip neigh` list them at this event */
	y = draw_rules(f, v, h, x, y, w, r.y + r.h - 1);
	y = draw_iptables(f, v, h, x, y, w, r.y + r.h - 1);
	y = draw_sysctls(f, h, x, y, w, r.y + r.h - 1);
	y = draw_exceptions(f, h, x, y, w, r.y + r.h - 1);
	y = draw_conntrack(f, h, x, y, w, r.y + r.h - 1);
	draw_neighbours(f, h, x, y, w, r.y + r.h - 1);
}
