/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * ct: see ct.h. Functions follow net/netfilter (Linux 6.12): nf_conntrack_in (lookup or
 * new entry, tcp_new's sNO column for TCP, E3.5), nf_conntrack_confirm, nf_nat_inet_fn /
 * nf_nat_setup_info / nf_nat_packet (E3), nf_nat_masquerade_ipv4 and nf_nat_oif_changed
 * (E4), masq_device_event / masq_inet_event (E4.3), nf_send_unreach / nf_send_reset
 * (REJECT). Timeouts are in simulated time.
 */
#include "base/i18n.h"
#include "ct.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/jhash.h"
#include "base/siphash.h"
#include "fib.h"
#include "path.h"
#include "sock.h"

#define SEC 1000000ull

struct ct_table *ct_table_new(void)
{
	struct ct_table *t = xcalloc(1, sizeof(*t));

	t->next_id = 1;
	return t;
}

struct ct_table *ct_table_clone(const struct ct_table *t)
{
	struct ct_table *c = xmalloc(sizeof(*c));

	*c = *t;
	c->e = xmemdup(t->e, t->n * sizeof(*t->e));
	c->cap = t->n;
	return c;
}

void ct_table_free(struct ct_table *t)
{
	if (!t)
		return;
	free(t->e);
	free(t);
}

const char *ct_tcp_state_name(enum ct_tcp_state s)
{
	static const char *const n[] = { "NONE",	"SYN_SENT",  "SYN_RECV",
					 "ESTABLISHED", "FIN_WAIT",  "CLOSE_WAIT",
					 "LAST_ACK",	"TIME_WAIT", "CLOSE" };

	return n[s];
}

static uint64_t tcp_timeout_s(enum ct_tcp_state s)
{
	switch (s) {
	case CT_TCP_SYN_SENT:
		return 120;
	case CT_TCP_SYN_RECV:
		return 60;
	case CT_TCP_ESTABLISHED:
		return 432000; /* 5 days */
	case CT_TCP_FIN_WAIT:
	case CT_TCP_TIME_WAIT:
		return 120;
	case CT_TCP_CLOSE_WAIT:
		return 60;
	case CT_TCP_LAST_ACK:
		return 30;
	default:
		return 10;
	}
}

static struct ct_table *cttab(struct host *h)
{
	return nf_get(h)->ct;
}

void ct_delete_at(struct host *h, size_t i)
{
	struct ct_table *t = cttab(h);

	memmove(&t->e[i], &t->e[i + 1], (t->n - i - 1) * sizeof(*t->e));
	t->n--;
}

bool ct_entry_listed(const struct host *h, const struct ct_entry *e)
{
	return e->confirmed && e->expires_us > h->sim->now_us;
}

void ct_gc(struct host *h)
{
	struct ct_table *t = cttab(h);

	for (size_t i = 0; i < t->n;) {
		if (!ct_entry_listed(h, &t->e[i]))
			ct_delete_at(h, i);
		else
			i++;
	}
}

static struct ct_entry *ct_by_id(struct host *h, int id)
{
	struct ct_table *t = cttab(h);

	for (size_t i = 0; i < t->n; i++)
		if (t->e[i].id == id)
			return &t->e[i];
	return NULL;
}

static void ct_delete_id(struct host *h, int id)
{
	struct ct_table *t = cttab(h);

	for (size_t i = 0; i < t->n; i++)
		if (t->e[i].id == id) {
			ct_delete_at(h, i);
			return;
		}
}

static bool tuple_eq(const struct ct_tuple *a, const struct ct_tuple *b)
{
	return a->src == b->src && a->dst == b->dst && a->sport == b->sport &&
	       a->dport == b->dport && a->proto == b->proto;
}

static void tuple_invert(const struct ct_tuple *in, struct ct_tuple *out)
{
	out->src = in->dst;
	out->dst = in->src;
	out->proto = in->proto;
	if (in->proto == PKT_PROTO_ICMP) {
		out->sport = in->sport;
		out->dport = in->dport == 8 ? 0 : 8;
	} else {
		out->sport = in->dport;
		out->dport = in->sport;
	}
}

static void tuple_of(const struct pkt *p, struct ct_tuple *t)
{
	memset(t, 0, sizeof(*t));
	t->src = p->src;
	t->dst = p->dst;
	t->proto = p->proto;
	if (p->proto == PKT_PROTO_ICMP) {
		t->sport = p->icmp_id; /* an echo's identifier, the same both ways */
		t->dport = p->sport;
	} else {
		t->sport = p->sport;
		t->dport = p->dport;
	}
}

static void tuple_str(const struct ct_tuple *t, char *buf, size_t len)
{
	if (t->proto == PKT_PROTO_ICMP)
		snprintf(buf, len, "%s>%s/icmp type %u id %u", ip_str(t->src), ip_str(t->dst),
			 t->dport, t->sport);
	else
		snprintf(buf, len, "%s:%u>%s:%u/%s", ip_str(t->src), t->sport, ip_str(t->dst),
			 t->dport, t->proto == PKT_PROTO_TCP ? "tcp" : "udp");
}

void ct_entry_fmt(const struct host *h, const struct ct_entry *e, struct strbuf *sb)
{
	uint64_t now = h->sim->now_us;
	uint64_t left = e->expires_us > now ? (e->expires_us - now - 1) / SEC : 0;
	const char *pn = e->t[0].proto == PKT_PROTO_TCP	  ? "tcp"
			 : e->t[0].proto == PKT_PROTO_UDP ? "udp"
							  : "icmp";

	strbuf_printf(sb, "%-8s %u %llu ", pn, e->t[0].proto, (unsigned long long)left);
	if (e->t[0].proto == PKT_PROTO_TCP)
		strbuf_printf(sb, "%s ", ct_tcp_state_name(e->tcp));
	for (int d = 0; d < 2; d++) {
		const struct ct_tuple *t = &e->t[d];

		strbuf_printf(sb, "src=%s dst=%s ", ip_str(t->src), ip_str(t->dst));
		if (t->proto == PKT_PROTO_ICMP)
			strbuf_printf(sb, "type=%u code=0 id=%u ", t->dport, t->sport);
		else
			strbuf_printf(sb, "sport=%u dport=%u ", t->sport, t->dport);
		if (d == 0 && !e->seen_reply)
			strbuf_puts(sb, "[UNREPLIED] ");
		if (d == 1 && e->assured)
			strbuf_puts(sb, "[ASSURED] ");
	}
	strbuf_printf(sb, "mark=%u use=1", e->mark);
}

/* ---- events ---- */

struct hook_ctx {
	struct host *h;
	enum nf_hook k;
	int pkt_id;
	struct pkt *p;
	enum origin *from;
	const char *iif, *oif, *sock;
	enum nf_table table;	      /* the table being run (LOG events) */
	const struct nf_owner *owner; /* the sending socket's (skb->owner) */
};

/* An event at c's hook: what table did, and the rule that did it ("-A CHAIN SPEC", its
 * number in the chain), or NULL and 0. */
static void nf_ev(const struct hook_ctx *c, enum nf_table table, enum trace_verdict verdict,
		  const char *rule, int rulenum, const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));

static void nf_ev(const struct hook_ctx *c, enum nf_table table, enum trace_verdict verdict,
		  const char *rule, int rulenum, const char *fmt, ...)
{
	struct trace_draft ev;
	va_list ap;

	path_ev_init(&ev, c->h, TRACE_NF, c->pkt_id, c->p, c->from);
	snprintf(ev.iif, sizeof(ev.iif), "%s", c->iif);
	snprintf(ev.oif, sizeof(ev.oif), "%s", c->oif);
	ev.hook = c->k;
	ev.table = table;
	ev.verdict = verdict;
	snprintf(ev.rule, sizeof(ev.rule), "%s", rule ? rule : "");
	ev.rulenum = rule ? rulenum : 0;
	snprintf(ev.sock, sizeof(ev.sock), "%s", c->sock ? c->sock : "");
	if (verdict == VERDICT_DROP || verdict == VERDICT_REJECT)
		ev.err = EPERM;
	va_start(ap, fmt);
	vsnprintf(ev.why, sizeof(ev.why), fmt, ap);
	va_end(ap);
	path_ev_commit(c->h->sim, &ev);
}

static void rule_str(const char *chain, const struct nf_rule *r, struct strbuf *sb)
{
	strbuf_printf(sb, "-A %s ", chain);
	nf_rule_spec(r, sb);
}

/* ipt_LOG: a kernel log line */
static void log_cb(void *arg, const struct nf_rule *r, const char *chain, int rulenum)
{
	const struct hook_ctx *c = arg;
	const struct pkt *p = c->p;
	struct strbuf sb, rs;

	strbuf_init(&sb);
	strbuf_init(&rs);
	rule_str(chain, r, &rs);
	strbuf_printf(&sb, "%sIN=%s OUT=%s SRC=%s DST=%s ", r->has_log_prefix ? r->log_prefix : "",
		      c->iif, c->oif, ip_str(p->src), ip_str(p->dst));
	if (pkt_is_echo(p))
		strbuf_printf(&sb, "PROTO=ICMP TYPE=%u CODE=%u ID=%u SEQ=%u", p->sport, p->dport,
			      p->icmp_id, p->seq);
	else if (p->proto == PKT_PROTO_ICMP)
		strbuf_printf(&sb, "PROTO=ICMP TYPE=%u CODE=%u", p->sport, p->dport);
	else
		strbuf_printf(&sb, "PROTO=%s SPT=%u DPT=%u",
			      p->proto == PKT_PROTO_TCP ? "TCP" : "UDP", p->sport, p->dport);
	if (p->mark)
		strbuf_printf(&sb, " MARK=0x%x", p->mark);
	nf_ev(c, c->table, VERDICT_LOG, rs.buf, rulenum, E_("%s (rule %s)"), sb.buf, rs.buf);
	strbuf_release(&sb);
	strbuf_release(&rs);
}

/* ---- conntrack lookup (nf_conntrack_in) ---- */

static void tcp_track(struct ct_entry *e, int dir, const struct pkt *p, uint64_t now)
{
	uint8_t f = p->tcp_flags;

	if (f & TCPF_RST) {
		e->tcp = CT_TCP_CLOSE;
	} else if ((f & TCPF_SYN) && (f & TCPF_ACK)) {
		if (dir == CT_DIR_REPLY && e->tcp == CT_TCP_SYN_SENT)
			e->tcp = CT_TCP_SYN_RECV;
	} else if (f & TCPF_FIN) {
		if (e->tcp == CT_TCP_ESTABLISHED)
			e->tcp = CT_TCP_FIN_WAIT;
		else if (e->tcp == CT_TCP_FIN_WAIT)
			e->tcp = CT_TCP_LAST_ACK;
	} else if (f & TCPF_ACK) {
		if (e->tcp == CT_TCP_SYN_RECV && dir == CT_DIR_ORIG) {
			e->tcp = CT_TCP_ESTABLISHED;
			e->assured = true;
		} else if (e->tcp == CT_TCP_LAST_ACK) {
			e->tcp = CT_TCP_TIME_WAIT;
		} else if (e->tcp == CT_TCP_ESTABLISHED && e->seen_reply) {
			e->assured = true;
		}
	}
	e->expires_us = now + tcp_timeout_s(e->tcp) * SEC;
	/* tcp_packet(): "if only reply is a RST" — a RST on an entry that is not ASSURED
	 * kills it at once (nf_ct_kill_acct); this packet is still NATed by it */
	if ((f & TCPF_RST) && !e->assured)
		e->expires_us = now;
}

/* ICMP errors: RELATED to the flow of the datagram they quote (UDP, TCP or an echo), as
 * it was before NAT (the entry's tuple t[d]: the error goes the other way, !d) or after
 * it (the inverse of t[d]: the datagram went the way !d, the error goes d); else
 * INVALID (icmp_error_message) */
static void ct_icmp_error(const struct hook_ctx *c, struct nf_skb *skb)
{
	struct ct_table *t = cttab(c->h);
	const struct pkt *p = c->p;
	struct ct_tuple in = { 0 }, inv;

	in.src = p->dst;
	in.dst = p->ack;
	in.proto = p->quoted_proto;
	if (in.proto == PKT_PROTO_ICMP) {
		in.sport = p->icmp_id;
		in.dport = (uint16_t)(p->seq >> 16); /* the quoted type */
		if (in.dport != 8 && in.dport != 0)
			in.proto = 0; /* never an error about an error */
	} else {
		in.sport = (uint16_t)(p->seq >> 16);
		in.dport = (uint16_t)(p->seq & 0xffff);
	}
	for (size_t i = 0; i < t->n; i++)
		for (int d = 0; d < 4; d++)
			if (d < 2 ? tuple_eq(&t->e[i].t[d], &in)
				  : (tuple_invert(&t->e[i].t[d - 2], &inv), tuple_eq(&inv, &in))) {
				skb->ct_id = t->e[i].id;
				skb->dir = d < 2 ? !d : d - 2;
				skb->ctstate = NF_CT_RELATED;
				nf_ev(c, NF_TABLE_CONNTRACK, VERDICT_RELATED, NULL, 0,
				      E_("ICMP error about a datagram of conntrack entry #%d: "
					 "RELATED"),
				      t->e[i].id);
				return;
			}
	skb->ctstate = NF_CT_INVALID;
}

/* Returns the NF_CT_* state of the packet and fills skb. */
static void ct_in(const struct hook_ctx *c, struct nf_skb *skb)
{
	struct host *h = c->h;
	struct ct_table *t = cttab(h);
	struct pkt *p = c->p;
	struct ct_tuple tu;
	uint64_t now = h->sim->now_us;
	char ts[96];

	skb->looked_up = true;
	ct_gc(h);
	if (p->proto == PKT_PROTO_ICMP && p->sport != 8 && p->sport != 0) {
		ct_icmp_error(c, skb);
		return;
	}
	tuple_of(p, &tu);
	for (size_t i = 0; i < t->n; i++) {
		struct ct_entry *e = &t->e[i];

		for (int d = 0; d < 2; d++) {
			if (!tuple_eq(&e->t[d], &tu))
				continue;
			skb->ct_id = e->id;
			skb->dir = d;
			if (d == CT_DIR_REPLY)
				e->seen_reply = true;
			skb->ctstate = (d == CT_DIR_REPLY || e->seen_reply) ? NF_CT_ESTABLISHED
									    : NF_CT_NEW;
			if (p->proto == PKT_PROTO_TCP)
				tcp_track(e, d, p, now);
			else if (p->proto == PKT_PROTO_UDP)
				e->expires_us = now + (e->seen_reply ? 120 : 30) * SEC;
			else
				e->expires_us = now + 30 * SEC;
			if (d == CT_DIR_REPLY && p->proto != PKT_PROTO_TCP)
				e->assured = e->assured || false;
			return;
		}
	}
	/* no entry: a new one, if the first packet may start a connection (tcp_new: sNO) */
	if (p->proto == PKT_PROTO_TCP) {
		uint8_t f = p->tcp_flags;
		bool syn = (f & TCPF_SYN) && !(f & TCPF_ACK) && !(f & TCPF_RST);
		bool ack_only = (f & TCPF_ACK) && !(f & (TCPF_SYN | TCPF_FIN | TCPF_RST));

		if (!syn && !ack_only) {
			skb->ctstate = NF_CT_INVALID;
			tuple_str(&tu, ts, sizeof(ts));
			nf_ev(c, NF_TABLE_CONNTRACK, VERDICT_INVALID, NULL, 0,
			      E_("%s: no entry and this segment cannot start a connection "
				 "(tcp_new: "
				 "sNO -> sIV): no entry, never NATed (E3.5)"),
			      ts);
			return;
		}
	} else if (p->proto == PKT_PROTO_ICMP && p->sport != 8) {
		skb->ctstate = NF_CT_INVALID;
		return;
	} else if (p->proto != PKT_PROTO_UDP && p->proto != PKT_PROTO_ICMP) {
		skb->ctstate = NF_CT_INVALID;
		return;
	}
	{
		struct ct_entry *e;

		vec_reserve((void **)&t->e, &t->cap, t->n + 1, sizeof(*t->e));
		e = &t->e[t->n++];
		memset(e, 0, sizeof(*e));
		e->id = t->next_id++;
		e->t[0] = tu;
		tuple_invert(&tu, &e->t[1]);
		e->mark = p->mark;
		if (p->proto == PKT_PROTO_TCP) {
			e->tcp = (p->tcp_flags & TCPF_SYN) ? CT_TCP_SYN_SENT : CT_TCP_ESTABLISHED;
			e->expires_us = now + tcp_timeout_s(e->tcp) * SEC;
		} else {
			e->expires_us = now + 30 * SEC;
		}
		skb->ct_id = e->id;
		skb->dir = CT_DIR_ORIG;
		skb->ctstate = NF_CT_NEW;
		tuple_str(&tu, ts, sizeof(ts));
		if (p->proto == PKT_PROTO_TCP && !(p->tcp_flags & TCPF_SYN))
			nf_ev(c, NF_TABLE_CONNTRACK, VERDICT_NEW, NULL, 0,
			      E_("%s: no entry; a mid-stream segment is picked up "
				 "(nf_conntrack_tcp_loose=1): new entry #%d, ESTABLISHED, ctstate "
				 "NEW "
				 "(E3.3)"),
			      ts, e->id);
		else
			nf_ev(c, NF_TABLE_CONNTRACK, VERDICT_NEW, NULL, 0,
			      E_("%s: no entry: new entry #%d (unconfirmed until the packet "
				 "leaves)"),
			      ts, e->id);
	}
}

static void ct_confirm(const struct hook_ctx *c, struct nf_skb *skb)
{
	struct ct_entry *e = skb->ct_id ? ct_by_id(c->h, skb->ct_id) : NULL;
	char o[96], r[96];

	if (!e || e->confirmed)
		return;
	e->confirmed = true;
	tuple_str(&e->t[0], o, sizeof(o));
	tuple_str(&e->t[1], r, sizeof(r));
	nf_ev(c, NF_TABLE_CONNTRACK, VERDICT_CONFIRM, NULL, 0,
	      E_("entry #%d confirmed: original %s, reply %s"), e->id, o, r);
}

/* ---- NAT (nf_nat_inet_fn) ---- */

static bool tuple_taken(struct host *h, const struct ct_tuple *reply, int self)
{
	struct ct_table *t = cttab(h);

	for (size_t i = 0; i < t->n; i++)
		if (t->e[i].id != self && tuple_eq(&t->e[i].t[1], reply))
			return true;
	return false;
}

/* get_random_u16() of nf_nat_l4proto_unique_tuple(), drawn the same way on every replay:
 * SipHash of the entry, its reply tuple and the round, under a fixed key */
static uint16_t nat_draw(const struct ct_tuple *reply, int self, unsigned round)
{
	uint8_t b[24];
	uint64_t k = 0x706b74706174684eULL;

	memset(b, 0, sizeof(b));
	memcpy(b, &self, sizeof(self));
	memcpy(b + 4, &reply->src, 4);
	memcpy(b + 8, &reply->dst, 4);
	memcpy(b + 12, &reply->sport, 2);
	memcpy(b + 14, &reply->dport, 2);
	b[16] = reply->proto;
	memcpy(b + 20, &round, sizeof(round));
	return (uint16_t)siphash24(b, sizeof(b), k, ~k);
}

/* The kernel's rounds under --random: up to 128 tries from a random offset (from_zero:
 * from offset 0, as an echo's destination manip without --random), then fresh offsets
 * with half as many tries while at least 16 are left; false when all were taken */
static bool random_port(struct host *h, struct ct_tuple *reply, uint16_t *pp, uint16_t lo,
			uint16_t hi, int self, bool from_zero)
{
	uint32_t span = (uint32_t)(hi - lo) + 1;
	uint32_t tries = span < 128 ? span : 128;

	for (unsigned round = 0;; round++) {
		uint16_t off = round == 0 && from_zero ? 0 : nat_draw(reply, self, round);

		for (uint32_t i = 0; i < tries; i++, off++) {
			*pp = (uint16_t)(lo + off % span);
			if (!tuple_taken(h, reply, self))
				return true;
		}
		if (tries >= span || tries < 16)
			return false;
		tries /= 2;
	}
}

/* nf_nat_l4proto_unique_tuple(): keep the port unless it clashes; the simulator then takes
 * the next free port of the range (the kernel starts at a random offset). Under --random
 * or --random-fully (random) the port is drawn even when the flow's own is free. */
static uint16_t unique_port(struct host *h, struct ct_tuple *reply, bool src_manip, uint16_t lo,
			    uint16_t hi, int self, bool random, bool *clashed)
{
	uint16_t *pp = src_manip ? &reply->dport : &reply->sport;
	uint16_t keep = *pp;

	*clashed = false;
	if (reply->proto == PKT_PROTO_ICMP) {
		/* an echo's identifier, the same in both tuples, whichever the manip: kept
		 * when free (not under --random), else 0-65535 from a random offset, or from
		 * 0 for a destination manip without --random */
		pp = &reply->sport;
		keep = *pp;
		if (!random && !tuple_taken(h, reply, self))
			return keep;
		*clashed = !random;
		if (!random_port(h, reply, pp, 0, 65535, self, !random && !src_manip))
			*pp = keep;
		return *pp;
	}
	if (!lo) {
		if (!src_manip) /* a destination's port changes only to a given range */
			return keep;
		if (keep < 512)
			lo = 1, hi = 511;
		else if (keep < 1024)
			lo = 600, hi = 1023;
		else
			lo = 1024, hi = 65535;
	}
	if (random) {
		if (!random_port(h, reply, pp, lo, hi, self, false))
			*pp = keep;
		return *pp;
	}
	if (keep >= lo && keep <= hi && !tuple_taken(h, reply, self))
		return keep;
	*clashed = keep >= lo && keep <= hi;
	{
		uint32_t span = (uint32_t)(hi - lo) + 1;
		uint32_t start = *clashed ? (uint32_t)(keep - lo) + 1 : 0;

		for (uint32_t n = 0; n < span; n++) {
			*pp = (uint16_t)(lo + (start + n) % span);
			if (!tuple_taken(h, reply, self))
				return *pp;
		}
	}
	*pp = keep;
	return keep;
}

/* Applies the entry's binding to the packet (nf_nat_packet). Returns true if it changed. */
static bool nat_packet(const struct ct_entry *e, int dir, int manip, struct pkt *p)
{
	bool status = manip == CT_MANIP_SRC ? e->snat : e->dnat;
	const struct ct_tuple *other = &e->t[!dir];
	bool changed = false;

	if (dir == CT_DIR_REPLY)
		status = manip == CT_MANIP_SRC ? e->dnat : e->snat;
	if (!status)
		return false;
	/* icmp_manip_pkt(): an echo's identifier is the tuple's, whichever the manip */
	if (pkt_is_echo(p) && p->icmp_id != other->sport) {
		p->icmp_id = other->sport;
		changed = true;
	}
	/* the target tuple is the inverse of the other direction's tuple */
	if (manip == CT_MANIP_SRC) {
		uint16_t port = p->proto == PKT_PROTO_ICMP ? p->sport : other->dport;

		changed |= p->src != other->dst || (p->proto != PKT_PROTO_ICMP && p->sport != port);
		p->src = other->dst;
		if (p->proto != PKT_PROTO_ICMP)
			p->sport = port;
	} else {
		uint16_t port = p->proto == PKT_PROTO_ICMP ? p->dport : other->sport;

		changed |= p->dst != other->src || (p->proto != PKT_PROTO_ICMP && p->dport != port);
		p->dst = other->src;
		if (p->proto != PKT_PROTO_ICMP)
			p->dport = port;
	}
	return changed;
}

/* The packet's fields NAT changed, against the values before: their origin is o */
static void nat_origins(const struct hook_ctx *c, const struct pkt *before, enum origin o)
{
	if (c->p->src != before->src)
		c->from[FIELD_SRC] = o;
	if (c->p->sport != before->sport)
		c->from[FIELD_SPORT] = o;
	if (c->p->dst != before->dst)
		c->from[FIELD_DST] = o;
	if (c->p->dport != before->dport)
		c->from[FIELD_DPORT] = o;
}

/* An address as the kernel's __be32 reads as a u32 on a little-endian machine */
static uint32_t le_word(uint32_t ip)
{
	return (ip >> 24) | ((ip >> 8) & 0xff00u) | ((ip << 8) & 0xff0000u) | (ip << 24);
}

/* find_best_ips_proto(): an address of the rule's range for the flow from client to
 * server: jhash2 of the client's address (a 16-byte nf_inet_addr) seeded with the
 * server's, scaled into the range; the same pair always gets the same address */
static uint32_t nat_pick_addr(const struct nf_rule *r, uint32_t client, uint32_t server)
{
	uint32_t k[4] = { le_word(client), 0, 0, 0 }, j, dist;

	if (!r->to_addr_max || r->to_addr_max == r->to_addr)
		return r->to_addr;
	/* --persistent: the client alone picks the address, whatever the server */
	j = jhash2(k, 4, r->nat_flags & NF_NAT_F_PERSISTENT ? 0 : le_word(server));
	dist = r->to_addr_max - r->to_addr + 1;
	return r->to_addr + (uint32_t)(((uint64_t)j * dist) >> 32);
}

/* find_appropriate_src(): a flow from the same source address and port or echo
 * identifier (and protocol) that already has a source binding inside [lo, hi] (and the
 * rule's ports) lends it its address and port or identifier, unless that tuple is taken:
 * the kernel's endpoint-independent mapping. True when *nr took them. */
static bool nat_same_src(struct host *h, const struct ct_entry *e, const struct nf_rule *r,
			 uint32_t lo, uint32_t hi, struct ct_tuple *nr)
{
	struct ct_table *t = cttab(h);

	for (size_t i = 0; i < t->n; i++) {
		const struct ct_entry *x = &t->e[i];
		struct ct_tuple cand = *nr;

		if (x->id == e->id || !x->nat_done[CT_MANIP_SRC] ||
		    x->t[0].proto != e->t[0].proto || x->t[0].src != e->t[0].src ||
		    x->t[0].sport != e->t[0].sport)
			continue;
		cand.dst = x->t[1].dst;
		if (cand.proto == PKT_PROTO_ICMP)
			cand.sport = x->t[1].sport; /* the echo's identifier */
		else
			cand.dport = x->t[1].dport;
		if (cand.dst < lo || cand.dst > hi ||
		    (r->to_port[0] && (cand.dport < r->to_port[0] || cand.dport > r->to_port[1])))
			continue;
		if (tuple_taken(h, &cand, e->id))
			return false;
		*nr = cand;
		return true;
	}
	return false;
}

/* What --random, --random-fully and --persistent did to the binding, after the rest of
 * the explanation in why */
static void nat_flags_why(const struct nf_verdict *v, bool drawn, bool echo, char *why,
			  size_t whylen)
{
	size_t n = strlen(why);

	if (drawn && echo && n < whylen)
		n += (size_t)snprintf(why + n, whylen - n, "%s",
				      E_("; --random: the echo identifier is drawn at random even "
					 "when the flow's own is free, and no mapping of this "
					 "source is reused (the kernel draws anew each time; "
					 "pktpath's draw is fixed, so replays agree)"));
	else if (drawn && n < whylen)
		n += (size_t)snprintf(why + n, whylen - n, "%s",
				      E_("; --random: the port is drawn at random even when the "
					 "flow's own is free, and no mapping of this source is "
					 "reused (the kernel draws anew each time; pktpath's draw "
					 "is fixed, so replays agree)"));
	if (v->rule && (v->rule->nat_flags & NF_NAT_F_PERSISTENT) && v->rule->to_addr_max &&
	    v->rule->to_addr_max != v->rule->to_addr && n < whylen)
		snprintf(why + n, whylen - n, "%s",
			 E_("; --persistent: the address of the range is picked by the "
			    "client's address alone, the same for every server"));
}

/* The binding the rule v chose, as the reply tuple *nr (E3, E4.1). -EPERM when
 * MASQUERADE finds no address on the way out (the event is written). */
static int nat_binding(const struct hook_ctx *c, struct ct_entry *e, const struct nf_verdict *v,
		       const char *rule, int out_ifindex, uint32_t nexthop, struct ct_tuple *nr,
		       bool *clashed, char *why, size_t whylen)
{
	struct host *h = c->h;
	/* NF_NAT_RANGE_PROTO_RANDOM_ALL: no same-source mapping, the port always drawn */
	bool rnd = v->rule && (v->rule->nat_flags & (NF_NAT_F_RANDOM | NF_NAT_F_RANDOM_FULLY));
	uint32_t a;

	switch (v->rule ? v->target : NF_TGT_ACCEPT) {
	case NF_TGT_SNAT:
	case NF_TGT_MASQUERADE:
		/* get_unique_tuple(): a source already inside the range stays */
		a = !rnd && v->rule->to_addr_max && nr->dst >= v->rule->to_addr &&
				    nr->dst <= v->rule->to_addr_max
			    ? nr->dst
			    : nat_pick_addr(v->rule, nr->dst, nr->src);
		if (v->target == NF_TGT_MASQUERADE) {
			const struct nic *dev = host_nic_by_index_c(h, out_ifindex);

			a = dev ? inet_select_addr(h, dev, nexthop, RT_SCOPE_UNIVERSE) : 0;
			if (!a) {
				nf_ev(c, NF_TABLE_NAT, VERDICT_DROP, rule, v->rulenum,
				      E_("rule %s: %s has no usable address (\"ate my IP "
					 "address\"): "
					 "packet dropped (E4.1)"),
				      rule, c->oif);
				return -EPERM;
			}
			e->masq_index = out_ifindex;
			snprintf(why, whylen,
				 E_("; MASQUERADE: %s = inet_select_addr(%s, nexthop %s), the "
				    "route's "
				    "src is not consulted (E4.1)"),
				 ip_str(a), c->oif, ip_str(nexthop));
		}
		if (!rnd &&
		    nat_same_src(h, e, v->rule,
				 v->target == NF_TGT_MASQUERADE ? a : v->rule->to_addr,
				 v->target == NF_TGT_MASQUERADE || !v->rule->to_addr_max
					 ? (v->target == NF_TGT_MASQUERADE ? a : v->rule->to_addr)
					 : v->rule->to_addr_max,
				 nr))
			break;
		nr->dst = a;
		unique_port(h, nr, true, v->rule->to_port[0], v->rule->to_port[1], e->id, rnd,
			    clashed);
		break;
	case NF_TGT_DNAT:
		nr->src = nat_pick_addr(v->rule, nr->dst, nr->src);
		if (v->rule->to_port[0])
			nr->sport = v->rule->to_port[0];
		unique_port(h, nr, false, v->rule->to_port[0], v->rule->to_port[1], e->id, rnd,
			    clashed);
		break;
	case NF_TGT_REDIRECT:
		/* to the incoming NIC's first address (PREROUTING), else 127.0.0.1 */
		a = 0x7f000001;
		if (c->k == NF_PREROUTING) {
			const struct nic *dev = NULL;

			for (size_t i = 0; i < h->nnic; i++)
				if (!strcmp(h->nics[i].name, c->iif))
					dev = &h->nics[i];
			a = dev && dev->naddr ? dev->addrs[0].local : 0;
		}
		nr->src = a;
		if (v->rule->to_port[0])
			nr->sport = v->rule->to_port[0];
		unique_port(h, nr, false, v->rule->to_port[0], v->rule->to_port[1], e->id, rnd,
			    clashed);
		break;
	default:
		break;
	}
	/* the port is drawn for a source, or a destination given ports; an echo's identifier
	 * for either (nf_nat_l4proto_unique_tuple) */
	nat_flags_why(v,
		      rnd && (nr->proto == PKT_PROTO_ICMP || v->target == NF_TGT_SNAT ||
			      v->target == NF_TGT_MASQUERADE || v->rule->to_port[0]),
		      nr->proto == PKT_PROTO_ICMP, why, whylen);
	return 0;
}

/* One end of the packet for the NAT events: ADDR:PORT, or ADDR id N for an ICMP echo */
static const char *nat_end(char *buf, size_t n, const struct pkt *p, bool src)
{
	if (p->proto == PKT_PROTO_ICMP)
		snprintf(buf, n, E_("%s id %u"), ip_str(src ? p->src : p->dst), p->icmp_id);
	else
		snprintf(buf, n, "%s:%u", ip_str(src ? p->src : p->dst), src ? p->sport : p->dport);
	return buf;
}

/* The first packet of a flow: the nat chain decides the binding, once (E3.1) */
static int nat_first(const struct hook_ctx *c, struct nf_skb *skb, struct ct_entry *e, int manip,
		     bool has_rules, int out_ifindex, uint32_t nexthop)
{
	struct nf_pkt np = { c->p, c->iif, c->oif, skb->ctstate, true, c->owner, skb->dst };
	const struct pkt before = *c->p;
	struct hook_ctx lc = *c;
	struct nf_verdict v;
	struct ct_tuple nr = e->t[1];
	struct strbuf rs;
	bool clashed = false;
	char why[1024] = "", b0[40], b1[40];

	lc.table = NF_TABLE_NAT;
	nf_run(c->h, NF_TABLE_NAT, c->k, &np, log_cb, &lc, &v);
	e->nat_done[manip] = true;
	strbuf_init(&rs);
	if (v.rule)
		rule_str(v.chain, v.rule, &rs);
	if (nat_binding(c, e, &v, rs.buf ? rs.buf : "", out_ifindex, nexthop, &nr, &clashed, why,
			sizeof(why)) < 0) {
		strbuf_release(&rs);
		return -EPERM;
	}
	if (!tuple_eq(&nr, &e->t[1])) {
		if (manip == CT_MANIP_SRC)
			e->snat = true;
		else
			e->dnat = true;
		e->t[1] = nr;
	}
	nat_packet(e, CT_DIR_ORIG, manip, c->p);
	nat_origins(c, &before, ORIGIN_NAT);
	if (manip == CT_MANIP_DST && c->p->dst != before.dst)
		skb->reroute = true;
	if (!v.rule && has_rules)
		nf_ev(c, NF_TABLE_NAT, VERDICT_ACCEPT, NULL, 0,
		      E_("first packet of entry #%d: no nat rule matched: a null binding is "
			 "stored; later rule changes cannot affect this flow (E3.1)"),
		      e->id);
	else if (v.rule && manip == CT_MANIP_SRC)
		nf_ev(c, NF_TABLE_NAT,
		      v.target == NF_TGT_MASQUERADE ? VERDICT_MASQUERADE : VERDICT_SNAT, rs.buf,
		      v.rulenum,
		      E_("first packet of entry #%d: rule %s: src %s -> %s%s%s; stored in the "
			 "entry for every later packet (E3)"),
		      e->id, rs.buf, nat_end(b0, sizeof(b0), &before, true),
		      nat_end(b1, sizeof(b1), c->p, true),
		      !clashed			      ? ""
		      : c->p->proto == PKT_PROTO_ICMP ? E_(" (the echo identifier clashes with "
							   "another entry: another is drawn)")
						      : E_(" (the source port clashes with another "
							   "entry: a free port is taken)"),
		      why[0] ? why : "");
	else if (v.rule)
		nf_ev(c, NF_TABLE_NAT,
		      v.target == NF_TGT_REDIRECT ? VERDICT_REDIRECT : VERDICT_DNAT, rs.buf,
		      v.rulenum,
		      E_("first packet of entry #%d: rule %s: dst %s -> %s%s%s; stored in the "
			 "entry for every later packet (E3)"),
		      e->id, rs.buf, nat_end(b0, sizeof(b0), &before, false),
		      nat_end(b1, sizeof(b1), c->p, false),
		      clashed && c->p->proto == PKT_PROTO_ICMP
			      ? E_(" (the echo identifier clashes with another entry: the first "
				   "free one from 0 is taken)")
			      : "",
		      why);
	strbuf_release(&rs);
	return 0;
}

/* nf_nat_icmp_reply_translation(): the datagram an ICMP error quotes gets the opposite
 * manip with the other direction's tuple, so that it looks as it did on this side of
 * the NAT. Its source is the error's destination (which the outer manip sets); here its
 * source port, or its destination and destination port; a quoted echo's identifier
 * either way (icmp_manip_pkt). */
static void nat_icmp_inner(const struct ct_entry *e, int dir, int manip, struct pkt *p)
{
	bool status = manip == CT_MANIP_SRC ? e->snat : e->dnat;
	const struct ct_tuple *o = &e->t[!dir];
	bool echo = p->quoted_proto == PKT_PROTO_ICMP;

	if (dir == CT_DIR_REPLY)
		status = manip == CT_MANIP_SRC ? e->dnat : e->snat;
	if (!status)
		return;
	if (echo)
		p->icmp_id = o->sport;
	if (manip == CT_MANIP_DST && !echo)
		p->seq = ((uint32_t)o->sport << 16) | (p->seq & 0xffff);
	else if (manip == CT_MANIP_SRC)
		p->ack = o->dst, p->seq = echo ? p->seq : (p->seq & 0xffff0000u) | o->dport;
}

/* Every other packet: the stored binding, no chain (E3.2) */
static void nat_later(const struct hook_ctx *c, struct nf_skb *skb, struct ct_entry *e, int manip,
		      bool has_rules)
{
	const struct pkt before = *c->p;
	const char *dir = skb->dir == CT_DIR_REPLY ? E_("reply") : E_("original-direction");
	char b0[40], b1[40];

	if (skb->ctstate == NF_CT_RELATED && c->p->proto == PKT_PROTO_ICMP)
		nat_icmp_inner(e, skb->dir, manip, c->p);
	if (!nat_packet(e, skb->dir, manip, c->p)) {
		if (has_rules)
			nf_ev(c, NF_TABLE_NAT, VERDICT_SKIP, NULL, 0,
			      E_("%s packet of entry #%d: nat %s is not traversed, the binding is "
				 "already decided (E3.2)"),
			      skb->dir == CT_DIR_REPLY ? E_("reply") : E_("later"), e->id,
			      nf_hook_name(c->k));
		return;
	}
	nat_origins(c, &before, ORIGIN_CONNTRACK);
	if (manip == CT_MANIP_DST && c->k == NF_OUTPUT)
		skb->reroute = true;
	if (skb->ctstate == NF_CT_RELATED && c->p->proto == PKT_PROTO_ICMP)
		nf_ev(c, NF_TABLE_NAT,
		      manip == CT_MANIP_SRC
			      ? (skb->dir == CT_DIR_REPLY ? VERDICT_UN_DNAT : VERDICT_SNAT)
			      : (skb->dir == CT_DIR_REPLY ? VERDICT_UN_SNAT : VERDICT_DNAT),
		      NULL, 0,
		      E_("ICMP error RELATED to entry #%d: %s %s -> %s, and the datagram it "
			 "quotes is translated back with it (nf_nat_icmp_reply_translation)"),
		      e->id, manip == CT_MANIP_SRC ? "src" : "dst",
		      ip_str(manip == CT_MANIP_SRC ? before.src : before.dst),
		      ip_str(manip == CT_MANIP_SRC ? c->p->src : c->p->dst));
	else if (manip == CT_MANIP_SRC)
		nf_ev(c, NF_TABLE_NAT, skb->dir == CT_DIR_REPLY ? VERDICT_UN_DNAT : VERDICT_SNAT,
		      NULL, 0,
		      E_("%s packet of entry #%d: src %s -> %s from the conntrack entry, nat chain "
			 "not traversed (E3.2)"),
		      dir, e->id, nat_end(b0, sizeof(b0), &before, true),
		      nat_end(b1, sizeof(b1), c->p, true));
	else
		nf_ev(c, NF_TABLE_NAT, skb->dir == CT_DIR_REPLY ? VERDICT_UN_SNAT : VERDICT_DNAT,
		      NULL, 0,
		      E_("%s packet of entry #%d: dst %s -> %s from the conntrack entry, nat chain "
			 "not traversed (E3.2)"),
		      dir, e->id, nat_end(b0, sizeof(b0), &before, false),
		      nat_end(b1, sizeof(b1), c->p, false));
}

static int nat_hook(const struct hook_ctx *c, struct nf_skb *skb, int out_ifindex, uint32_t nexthop)
{
	struct host *h = c->h;
	enum nf_hook k = c->k;
	int manip = (k == NF_PREROUTING || k == NF_OUTPUT) ? CT_MANIP_DST : CT_MANIP_SRC;
	struct nf_chain *chain = nf_chain_find(&nf_get(h)->t[NF_TABLE_NAT], nf_hook_name(k));
	bool has_rules = chain && chain->n > 0;
	struct ct_entry *e = skb->ct_id ? ct_by_id(h, skb->ct_id) : NULL;

	if (!e) {
		if (has_rules && skb->untracked)
			nf_ev(c, NF_TABLE_NAT, VERDICT_SKIP, NULL, 0,
			      E_("untracked by the raw table (ctstate UNTRACKED): nat chains are "
				 "not "
				 "run"));
		else if (has_rules)
			nf_ev(c, NF_TABLE_NAT, VERDICT_SKIP, NULL, 0,
			      E_("no conntrack entry (ctstate INVALID): nat chains are not run "
				 "(E3.5)"));
		return 0;
	}
	/* E4.2: nf_nat_oif_changed() */
	if (k == NF_POSTROUTING && skb->dir == CT_DIR_ORIG && e->masq_index &&
	    e->masq_index != out_ifindex) {
		int id = e->id;

		ct_delete_id(h, id);
		skb->ct_id = 0;
		nf_ev(c, NF_TABLE_NAT, VERDICT_DROP, NULL, 0,
		      E_("entry #%d was masqueraded through %s but this packet leaves through %s: "
			 "packet dropped and the entry deleted (nf_nat_oif_changed, E4.2)"),
		      id, path_dev_name(h, e->masq_index), c->oif);
		return -EPERM;
	}
	if (skb->dir == CT_DIR_ORIG && skb->ctstate == NF_CT_NEW && !e->nat_done[manip])
		return nat_first(c, skb, e, manip, has_rules, out_ifindex, nexthop);
	nat_later(c, skb, e, manip, has_rules);
	return 0;
}

/* ---- filter / mangle ---- */

static void reject_send(const struct hook_ctx *c, const struct nf_rule *r)
{
	struct pkt rp;
	const struct pkt *p = c->p;

	memset(&rp, 0, sizeof(rp));
	if (r->reject_with == NF_REJECT_TCP_RESET) {
		/* nf_send_reset() builds it as tcp_v4_send_reset() does */
		if (p->proto == PKT_PROTO_TCP && path_tcp_reset_for(p, &rp))
			path_kernel_reply_as(c->h, c->pkt_id, p, &rp,
					     E_("TCP RST (REJECT --reject-with tcp-reset)"), NULL);
		return;
	}
	if (p->proto == PKT_PROTO_ICMP && p->sport != 8 && p->sport != 0)
		return; /* never an ICMP error about an ICMP error */
	rp.proto = PKT_PROTO_ICMP;
	rp.sport = 3;
	rp.dport = nf_reject_code(r->reject_with);
	/* icmp_send(): src is the packet's dst if it is ours, else the output route's choice
	 * (for a forwarded packet with icmp_errors_use_inbound_ifaddr: an address of the
	 * NIC it came in on) */
	rp.src = host_find_local(c->h, p->dst) ? p->dst : 0;
	if (!rp.src && c->k == NF_FORWARD && c->h->icmp_errors_inbound && c->iif && c->iif[0]) {
		const struct nic *in = host_nic(c->h, c->iif);

		rp.src = in ? inet_select_addr(c->h, in, p->src, RT_SCOPE_LINK) : 0;
	}
	if (!rp.src) {
		struct flow fl = { 0 };
		struct rtable rt;

		fl.daddr = p->src;
		flow_set_l4(&fl, PKT_PROTO_ICMP, rp.sport, rp.dport); /* icmp_route_lookup */
		if (fib_route_output(c->h, &fl, &rt) == 0)
			rp.src = fl.saddr;
	}
	rp.dst = p->src;
	pkt_quote(&rp, p);
	path_kernel_reply(c->h, c->pkt_id, p, &rp, E_("ICMP error (REJECT)"));
}

static int table_hook(const struct hook_ctx *c, struct nf_skb *skb, enum nf_table t)
{
	bool seen = skb->looked_up || skb->untracked;
	/* before conntrack (raw) a packet it has not seen has no entry: ctstate INVALID */
	struct nf_pkt np = { c->p, c->iif,   c->oif,  seen ? skb->ctstate : NF_CT_INVALID,
			     seen, c->owner, skb->dst };
	struct nf_verdict v;
	struct strbuf rs;
	struct hook_ctx lc = *c;
	int rc = 0;

	if (!nf_table_has_hook(t, c->k))
		return 0;
	lc.table = t;
	nf_run(c->h, t, c->k, &np, log_cb, &lc, &v);
	if (!v.any_rule)
		return 0;
	strbuf_init(&rs);
	if (v.rule)
		rule_str(v.chain, v.rule, &rs);
	if (v.nmarks && c->p->mark != v.mark_before) {
		skb->reroute = true;
		nf_ev(c, t, VERDICT_MARK, NULL, 0, E_("mark 0x%x -> 0x%x by a MARK rule%s"),
		      v.mark_before, c->p->mark,
		      c->k == NF_OUTPUT
			      ? E_(": the packet will be rerouted (ip_route_me_harder, E1)")
			      : "");
	}
	if (v.nttl && c->p->ttl != v.ttl_before)
		nf_ev(c, t, VERDICT_TTL, NULL, 0,
		      E_("ttl %u -> %u by a TTL rule (the IP header's TTL, rewritten)"),
		      v.ttl_before, c->p->ttl);
	if (v.mss_rule) {
		struct strbuf ms, mw;

		strbuf_init(&ms);
		strbuf_init(&mw);
		rule_str(v.mss_chain, v.mss_rule, &ms);
		nf_mss_why(v.mss_rule, &v.mss, c->oif, c->p->src, &mw);
		nf_ev(c, t, VERDICT_MSS, ms.buf, v.mss_num, "%s: %s", ms.buf, mw.buf);
		strbuf_release(&ms);
		strbuf_release(&mw);
	}
	if (v.notrack) {
		struct strbuf ns;

		strbuf_init(&ns);
		rule_str(v.notrack_chain, v.notrack, &ns);
		skb->untracked = true;
		skb->ctstate = NF_CT_UNTRACKED;
		nf_ev(c, t, VERDICT_NOTRACK, ns.buf, v.notrack_num,
		      E_("%s: the packet is not tracked: no conntrack entry, no NAT, its ctstate "
			 "is "
			 "UNTRACKED"),
		      ns.buf);
		strbuf_release(&ns);
	}
	if (v.target == NF_TGT_DROP) {
		nf_ev(c, t, VERDICT_DROP, v.rule ? rs.buf : NULL, v.rulenum,
		      E_("%s: the packet is dropped%s"), v.rule ? rs.buf : E_("chain policy DROP"),
		      c->k == NF_OUTPUT ? E_(" (the sender gets EPERM)") : "");
		rc = -EPERM;
	} else if (v.target == NF_TGT_REJECT) {
		nf_ev(c, t, VERDICT_REJECT, rs.buf, v.rulenum,
		      E_("%s: dropped, and an error is sent back"), rs.buf);
		reject_send(c, v.rule);
		rc = -EPERM;
	} else if ((!v.nmarks && !v.nttl && !v.notrack && !v.mss_rule) || v.rule) {
		if (v.rule)
			nf_ev(c, t, VERDICT_ACCEPT, rs.buf, v.rulenum, "%s", rs.buf);
		else
			nf_ev(c, t, VERDICT_ACCEPT, NULL, 0,
			      E_("no rule decided: chain %s policy ACCEPT"), v.chain);
	}
	strbuf_release(&rs);
	return rc;
}

int ct_hook(struct host *h, enum nf_hook k, struct nf_skb *skb, int pkt_id, struct pkt *p,
	    enum origin *from, const char *iif, const char *oif, int out_ifindex, uint32_t nexthop,
	    const char *sock)
{
	struct hook_ctx c = { h,
			      k,
			      pkt_id,
			      p,
			      from,
			      iif ? iif : "",
			      oif ? oif : "",
			      sock,
			      NF_TABLE_FILTER,
			      skb->owner };
	struct nf_state *nf = h->nf;
	int rc;

	if (!nf)
		return 0;
	/* raw (-300), conntrack (-200), mangle (-150), nat DST (-100), filter (0), nat SRC
	 * (100), confirm (INT_MAX) */
	if ((rc = table_hook(&c, skb, NF_TABLE_RAW)) < 0)
		goto drop;
	if (nf->ct_used && (k == NF_PREROUTING || k == NF_OUTPUT) && !skb->looked_up &&
	    !skb->untracked)
		ct_in(&c, skb);
	if ((rc = table_hook(&c, skb, NF_TABLE_MANGLE)) < 0)
		goto drop;
	if (nf->ct_used && (k == NF_PREROUTING || k == NF_OUTPUT) &&
	    (rc = nat_hook(&c, skb, out_ifindex, nexthop)) < 0)
		goto drop;
	if ((rc = table_hook(&c, skb, NF_TABLE_FILTER)) < 0)
		goto drop;
	if (nf->ct_used && (k == NF_POSTROUTING || k == NF_INPUT) &&
	    (rc = nat_hook(&c, skb, out_ifindex, nexthop)) < 0)
		goto drop;
	if (nf->ct_used && (k == NF_POSTROUTING || k == NF_INPUT) && !skb->untracked)
		ct_confirm(&c, skb);
	return 0;
drop:
	/* E3.4: an unconfirmed entry dies with its packet */
	if (skb->ct_id) {
		struct ct_entry *e = ct_by_id(h, skb->ct_id);

		if (e && !e->confirmed)
			ct_delete_id(h, skb->ct_id);
	}
	return rc;
}

/* ---- E4.3 ---- */

void ct_masq_dev_event(struct host *h, int ifindex)
{
	struct ct_table *t;

	if (!h->nf)
		return;
	t = h->nf->ct;
	for (size_t i = 0; i < t->n;) {
		if (t->e[i].masq_index == ifindex)
			ct_delete_at(h, i);
		else
			i++;
	}
}

void ct_masq_addr_event(struct host *h, int ifindex, uint32_t addr)
{
	struct ct_table *t;

	if (!h->nf)
		return;
	t = h->nf->ct;
	for (size_t i = 0; i < t->n;) {
		if (t->e[i].masq_index == ifindex && t->e[i].t[1].dst == addr)
			ct_delete_at(h, i);
		else
			i++;
	}
}
