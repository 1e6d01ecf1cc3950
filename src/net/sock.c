/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * sock: see sock.h. Function by function this follows tcp_v4_connect / ip_route_connect
 * (docs/kernel.md C2), __ip_queue_xmit / __sk_dst_check (C3, C4), udp_sendmsg and
 * __ip4_datagram_connect (C5), tcp_conn_request / inet_csk_route_req (C6),
 * __inet_lookup_skb and udp compute_score (D6), tcp_v4_send_reset (D8).
 *
 * The receive side (D6: the socket lookups, TCP's state machine on arrival, UDP
 * delivery) is in sock-rcv.c, a UDP socket's bind and sends (udp_sendmsg) in
 * sock-udp.c; they share sock-int.h.
 *
 * Not modelled: windows, congestion control, delayed ACKs, SACK, timestamps, SYN
 * cookies, TIME_WAIT expiry, SYN-ACK retransmission. Every data segment is answered by
 * an immediate ACK (the kernel's quickack mode at the start of a connection).
 * Unacknowledged data: one tail loss probe after rto_min, then RTOs with backoff (the
 * probe timeout for several segments in flight, 2*srtt + 2 ms, is not modelled).
 * Nagle (tcp_nagle_check with Minshall's rule): a write waits while a small segment is
 * unacknowledged, joined to data already waiting; an ACK, a tail loss probe or close()
 * sends it. Every segment pktpath makes is below the MSS.
 * Initial sequence numbers are deterministic: 1000 * socket id.
 */
#include "base/i18n.h"
#include "sock-int.h"
#include "mss.h"
#include "nf.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TCP_TIMEOUT_INIT_US 1000000 /* first SYN retransmission after 1 s */
#define TCP_RTO_MIN_US 200000
#define TCP_SYN_RETRIES 6
/* net.ipv4.tcp_syn_linear_timeouts (6.17+, default 4): the first SYN retransmissions
 * keep the initial 1 s timeout, backoff starts after that, and SYN_SENT gives up after
 * tcp_syn_retries + this many retransmissions (measured on 6.18: SYNs at 0 1 2 3 4 5 7
 * 11 19 35 67 s) */
#define TCP_SYN_LINEAR_TIMEOUTS 4
#define TCP_RETRIES2 15
/* tcp_orphan_retries(): tcp_orphan_retries 0 means 8 for a socket close() left behind */
#define TCP_ORPHAN_RETRIES 8
#define EPHEMERAL_FIRST 40000
#define EPHEMERAL_LAST 60999

static const char *const tcp_state_names[] = {
	"CLOSED",     "LISTEN",	    "SYN-SENT", "SYN-RECV", "ESTAB",	 "FIN-WAIT-1",
	"FIN-WAIT-2", "CLOSE-WAIT", "CLOSING",	"LAST-ACK", "TIME-WAIT",
};

const char *tcp_state_name(enum tcp_state s)
{
	return (unsigned)s < sizeof(tcp_state_names) / sizeof(tcp_state_names[0])
		       ? tcp_state_names[s]
		       : "?";
}

static bool match_name(const struct sock *s, const void *name)
{
	return !s->gone && strcmp(s->name, name) == 0;
}

struct sock *sock_find(struct host *h, const char *name)
{
	struct sock_query q = { .name = name };

	return sock_index_find(h, SOCK_KEY_NAME, &q, match_name, name);
}

struct sock *sock_by_id(struct host *h, int id)
{
	/* ids are given in order (sock_new) and sockets are never removed */
	if (id >= 1 && (size_t)id <= h->nsock && h->socks[id - 1]->id == id)
		return h->socks[id - 1];
	for (size_t i = 0; i < h->nsock; i++)
		if (h->socks[i]->id == id)
			return h->socks[i];
	return NULL;
}

void sock_q_clear(struct sock *sk)
{
	free(sk->q);
	sk->q = NULL;
	sk->nq = 0;
}

void sock_free(struct sock *sk)
{
	free(sk->q);
	free(sk);
}

void sock_free_all(struct host *h)
{
	for (size_t i = 0; i < h->nsock; i++) {
		if (i < h->nslab) { /* in the copy's block */
			free(h->socks[i]->q);
			continue;
		}
		sock_free(h->socks[i]);
	}
	free(h->sock_slab);
	free(h->socks);
	h->sock_slab = NULL;
	h->nslab = 0;
	h->socks = NULL;
	h->nsock = 0;
}

/* The file's credentials from the opener's (-m owner) */
void sock_cred_set(struct sock *sk, const struct sock_spec *s)
{
	sk->uid = s->uid;
	sk->gid = s->gid;
	sk->ngroups = 0;
	for (int i = 0; s->groups && i < s->ngroups && i < SOCK_GROUPS; i++)
		sk->groups[sk->ngroups++] = s->groups[i];
}

int sock_ip_output(struct host *h, struct sock *sk, const struct path_route *rt, int id,
		   struct pkt *p, const enum origin *from)
{
	struct nf_owner ob;
	bool refuse; /* TCP's segments fit: they are cut to the MSS */

	path_pmtudisc_apply(h, (enum path_pmtudisc)sk->pmtudisc, rt, p, &refuse);
	return path_ip_output(h, rt, id, p, from, sk->name, sock_owner(h, sk, &ob));
}

struct sock *sock_new(struct host *h, uint8_t proto, const char *name)
{
	struct sock *sk = xcalloc(1, sizeof(*sk));

	sk->id = ++h->next_sock_id;
	sk->proto = proto;
	sk->iss = 1000u * (uint32_t)sk->id;
	if (name && name[0])
		snprintf(sk->name, sizeof(sk->name), "%s", name);
	else
		snprintf(sk->name, sizeof(sk->name), "%s%d", proto == PKT_PROTO_TCP ? "tcp" : "udp",
			 sk->id);
	vec_reserve((void **)&h->socks, &h->sock_cap, h->nsock + 1, sizeof(*h->socks));
	h->socks[h->nsock++] = sk;
	sock_index_note(h, sk);
	return sk;
}

static bool match_port_used(const struct sock *s, const void *arg)
{
	const struct sock_query *q = arg;

	return !s->gone && s->proto == q->proto && s->sport == q->sport &&
	       (s->state != TCP_CLOSED || s->proto == PKT_PROTO_UDP);
}

static bool port_in_use(struct host *h, uint8_t proto, uint16_t port)
{
	struct sock_query q = { .proto = proto, .sport = port };

	return sock_index_find(h, SOCK_KEY_PORT, &q, match_port_used, &q) != NULL;
}

/* inet_hash_connect / udp_lib_get_port: deterministic, 40000 upward per host */
uint16_t sock_ephemeral_port(struct host *h, uint8_t proto)
{
	for (int tries = 0; tries <= EPHEMERAL_LAST - EPHEMERAL_FIRST; tries++) {
		uint16_t p;

		if (h->next_port < EPHEMERAL_FIRST || h->next_port > EPHEMERAL_LAST)
			h->next_port = EPHEMERAL_FIRST;
		p = h->next_port++;
		if (!port_in_use(h, proto, p))
			return p;
	}
	return 0;
}

void sock_ev_name(struct trace_draft *ev, const struct sock *sk)
{
	snprintf(ev->sock, sizeof(ev->sock), "%s", sk->name);
}

void sock_emit_error(struct host *h, struct sock *sk, int pkt_id, const struct pkt *p,
		     const enum origin *from, int err, const char *what)
{
	struct trace_draft ev;

	path_ev_init(&ev, h, TRACE_ERROR, pkt_id, p, from);
	sock_ev_name(&ev, sk);
	ev.err = err < 0 ? -err : err;
	ev.verdict = VERDICT_ERROR;
	path_ev_why(&ev, E_("%s: %s: the application gets %s"), sk->name, what, errno_name(err));
	path_ev_commit(h->sim, &ev);
	sk->err = ev.err;
}

/* Origins of a socket's packet: the first carries the story, later ones "socket". */
void sock_origins(const struct sock *sk, enum origin *from)
{
	if (!sk->first_sent) {
		from[FIELD_SRC] = sk->src_from;
		from[FIELD_SPORT] = sk->sport_from;
		from[FIELD_DST] = sk->listener ? ORIGIN_INCOMING : ORIGIN_APP;
		from[FIELD_DPORT] = sk->listener ? ORIGIN_INCOMING : ORIGIN_APP;
	} else {
		from[FIELD_SRC] = from[FIELD_DST] = from[FIELD_SPORT] = from[FIELD_DPORT] =
			ORIGIN_SOCKET;
	}
	from[FIELD_OIF] = sk->bound_dev ? ORIGIN_SOCKET : ORIGIN_ROUTE;
}

/* The output flow of a socket's packets: its destination, the given source (bound,
 * chosen or fixed), its bound device, protocol and ports */
static void sock_flow(const struct sock *sk, uint32_t saddr, struct flow *fl)
{
	memset(fl, 0, sizeof(*fl));
	fl->daddr = sk->daddr;
	fl->saddr = saddr;
	fl->oif = sk->bound_dev;
	flow_set_l4(fl, sk->proto, sk->sport, sk->dport);
}

/* __sk_dst_check() + ip_route_output_ports() (C3, C4). Returns 0 or -errno; why filled. */
int sock_route(struct host *h, struct sock *sk, struct strbuf *why)
{
	struct flow fl = { 0 };
	struct rtable rt;
	bool had = sk->dst_ok;
	uint32_t old = sk->dst_genid;
	int rc;

	if (sk->dst_ok && sk->dst_genid == h->rt_genid) {
		strbuf_printf(
			why,
			E_("cached route of the socket (rt_genid %u unchanged, no FIB lookup, "
			   "C3.2): dev %s"),
			h->rt_genid, path_dev_name(h, sk->dst.dev));
		return 0;
	}
	sk->dst_ok = false;
	sock_flow(sk, sk->saddr, &fl);
	rc = fib_route_output(h, &fl, &rt);
	if (had)
		strbuf_printf(
			why,
			E_("rt_genid changed (%u -> %u: a FIB, address or link change): looked "
			   "up again "
			   "with the socket's fixed src %s: "),
			old, h->rt_genid, ip_str(sk->saddr));
	else
		strbuf_printf(why, E_("lookup with the socket's fixed src %s: "),
			      ip_str(sk->saddr));
	if (rc) {
		strbuf_printf(why, E_("fails with %s"), errno_name(rc));
		return rc;
	}
	path_route_desc(h, &rt, why);
	if (rt.res.route && rt.res.route->prefsrc && rt.res.route->prefsrc != sk->saddr)
		strbuf_printf(why, E_("; the route's src %s is ignored (C3.3)"),
			      ip_str(rt.res.route->prefsrc));
	path_route_from_rtable(h, &rt, &sk->dst);
	sk->dst_ok = true;
	sk->dst_genid = h->rt_genid;
	return 0;
}

static void rto_arm(struct host *h, struct sock *sk, bool restart)
{
	struct path_job j;

	if (sk->rto_armed && !restart)
		return;
	if (!sk->rto_us)
		sk->rto_us = sk->state == TCP_SYN_SENT ? TCP_TIMEOUT_INIT_US : TCP_RTO_MIN_US;
	sk->rto_armed = true;
	sk->rto_gen++;
	memset(&j, 0, sizeof(j));
	j.kind = JOB_TCP_RTO;
	j.t = h->sim->now_us + sk->rto_us;
	j.host = h->index;
	j.sock_id = sk->id;
	j.gen = sk->rto_gen;
	path_job_add(h->sim, &j);
}

/* A packet of this socket's flow as the socket sees it: addresses and ports from the
 * socket (ip_copy_addrs(): not from the route, C3.5), reversed for one coming in. */
static void sock_pkt(const struct sock *sk, bool incoming, struct pkt *p)
{
	memset(p, 0, sizeof(*p));
	p->proto = sk->proto;
	p->src = incoming ? sk->daddr : sk->saddr;
	p->dst = incoming ? sk->saddr : sk->daddr;
	p->sport = incoming ? sk->dport : sk->sport;
	p->dport = incoming ? sk->sport : sk->dport;
}

/* tcp_advertise_mss(): a SYN sent again advertises the route's advmss if that is lower
 * now (a device's MTU lowered since), never a higher one */
static uint16_t syn_mss(const struct host *h, struct sock *sk)
{
	uint16_t m = mss_advmss(h, &sk->dst);

	if (m < sk->advmss)
		sk->advmss = m;
	return sk->advmss;
}

/* The options of a segment sk sends: a SYN all that Linux offers (tcp_syn_options), a
 * SYN-ACK those the SYN had (tcp_synack_options), any other segment the timestamps once
 * both ends had them and a D-SACK block for a duplicate received since the last segment
 * (tcp_established_options). A segment that is sent spends the D-SACK (writing it
 * clears rx_opt.dsack). */
static uint8_t sock_tcpo(struct sock *sk, uint8_t flags, bool sent)
{
	uint8_t o;

	if ((flags & (TCPF_SYN | TCPF_ACK)) == TCPF_SYN)
		return TCPO_SYN;
	if (flags & TCPF_SYN)
		return sk->tcpo_ok & TCPO_SYN;
	o = sk->tcpo_ok & TCPO_TS;
	if (sk->dsack)
		o |= TCPO_DSACK;
	if (sent)
		sk->dsack = false;
	return o;
}

/* tcp_transmit_skb → __ip_queue_xmit: one segment of a socket. true = it left TCP (not
 * dropped by the routing or netfilter on the way out): a queued copy counts as sent. */
bool sock_tcp_xmit(struct host *h, struct sock *sk, uint8_t flags, uint32_t seq, const char *data,
		   const char *note)
{
	struct pkt p;
	enum origin from[FIELD__COUNT];
	struct trace_draft ev;
	struct strbuf why;
	int id = path_new_pkt_id(h->sim);
	int rc;

	sock_pkt(sk, false, &p);
	p.tcp_flags = flags;
	p.tcpo = sock_tcpo(sk, flags, true);
	p.seq = seq;
	p.ack = (flags & TCPF_ACK) ? sk->rcv_nxt : 0;
	if (data)
		pkt_set_payload(&p, data);
	sock_origins(sk, from);
	strbuf_init(&why);
	rc = sock_route(h, sk, &why);
	if (!rc && (flags & TCPF_SYN))
		p.mss = syn_mss(h, sk);
	path_ev_init(&ev, h, TRACE_ROUTE_OUT, id, &p, from);
	sock_ev_name(&ev, sk);
	if (rc) {
		ev.stage = TRACE_DROP;
		ev.err = -rc;
		ev.verdict = VERDICT_DROP;
		path_ev_why(
			&ev,
			E_("%s%s; the segment stays queued and TCP retransmits it later (C3.4)"),
			note, why.buf);
		path_ev_commit(h->sim, &ev);
		strbuf_release(&why);
		return false;
	}
	snprintf(ev.oif, sizeof(ev.oif), "%s", path_dev_name(h, sk->dst.dev));
	ev.route = sk->dst.match;
	ev.verdict = VERDICT_ACCEPT;
	path_ev_why(&ev, "%s%s", note, why.buf);
	path_ev_commit(h->sim, &ev);
	strbuf_release(&why);
	sk->first_sent = true;
	if (sock_ip_output(h, sk, &sk->dst, id, &p, from) < 0)
		return false;
	for (int i = 0; i < sk->nq; i++)
		if (sk->q[i].seq == seq && sk->q[i].flags == flags)
			sk->q[i].sent = true;
	return true;
}

static void seg_queue(struct host *h, struct sock *sk, uint8_t flags, uint32_t seq,
		      const char *data)
{
	struct sock_seg *s;

	if (sk->nq >= SOCK_QLEN)
		return;
	if (!sk->q)
		sk->q = xmalloc(SOCK_QLEN * sizeof(*sk->q));
	s = &sk->q[sk->nq++];
	s->flags = flags;
	s->seq = seq;
	s->sent = false;
	s->held = false;
	snprintf(s->data, sizeof(s->data), "%s", data ? data : "");
	rto_arm(h, sk, false);
}

uint32_t sock_seg_len(const struct sock_seg *s)
{
	return (uint32_t)strlen(s->data) + ((s->flags & (TCPF_SYN | TCPF_FIN)) ? 1 : 0);
}

/* the segment at the head of the queue is still queued below TCP (waiting for ARP) */
static bool still_in_host_queue(const struct host *h, const struct sock *sk)
{
	const struct sim *sim = h->sim;

	for (size_t i = 0; i < sim->npending; i++) {
		const struct path_job *j = &sim->pending[i];

		if (j->host == h->index && strcmp(j->sock, sk->name) == 0 &&
		    j->pkt.proto == PKT_PROTO_TCP && j->pkt.sport == sk->sport &&
		    j->pkt.seq == sk->q[0].seq)
			return true;
	}
	return false;
}

void sock_rto_fire(struct host *h, int sock_id, int gen)
{
	struct sock *sk = sock_by_id(h, sock_id);
	int limit;
	char note[160];

	if (!sk || gen != sk->rto_gen || !sk->rto_armed)
		return;
	sk->rto_armed = false;
	/* close() left the socket to the kernel: in FIN-WAIT-1, CLOSING and LAST-ACK it
	 * still sends its FIN (and data) again until they are acknowledged */
	if (sk->gone && sk->state != TCP_FIN_WAIT1 && sk->state != TCP_CLOSING &&
	    sk->state != TCP_LAST_ACK)
		return;
	if (sk->nq == 0 || sk->state == TCP_CLOSED)
		return;
	if (sk->state != TCP_SYN_SENT && sk->state != TCP_SYN_RECV && sk->retries == 0 &&
	    !sk->tlp_out && (sk->q[sk->nq - 1].sent || sk->q[sk->nq - 1].held) &&
	    !still_in_host_queue(h, sk)) {
		/* tcp_schedule_loss_probe(): in the Open state with data in flight the first timer
		 * is the probe timeout, 2*srtt + rto_min for one segment, capped by the RTO (on a
		 * LAN both ≈ rto_min); tcp_send_loss_probe() retransmits the tail segment without
		 * backing off and tcp_rearm_rto() arms the RTO from now: copies leave at
		 * 0.2 (TLP), 0.4, 0.8, 1.6 s… (measured on 6.18). A copy still waiting for ARP
		 * makes __tcp_retransmit_skb() fail (-EBUSY): no probe, the RTO path below. */
		struct sock_seg *t = &sk->q[sk->nq - 1];

		sk->tlp_out = true;
		/* new data first, with Nagle off, else the tail again */
		for (int i = 0; i < sk->nq; i++)
			if (sk->q[i].held) {
				t = &sk->q[i];
				t->held = false;
				break;
			}
		sock_tcp_xmit(h, sk, t->flags, t->seq, t->data, E_("tail loss probe (TLP): "));
		rto_arm(h, sk, true);
		return;
	}
	limit = sk->state == TCP_SYN_SENT ? TCP_SYN_RETRIES + TCP_SYN_LINEAR_TIMEOUTS
		: sk->orphaned		  ? TCP_ORPHAN_RETRIES
					  : TCP_RETRIES2;
	if (sk->retries >= limit) {
		struct pkt p;

		memset(&p, 0, sizeof(p));
		sk->state = TCP_CLOSED;
		sock_q_clear(sk);
		if (sk->orphaned)
			return; /* tcp_write_timeout(): no application to tell */
		/* tcp_write_err(): sk_err_soft ?: ETIMEDOUT */
		sock_emit_error(
			h, sk, 0, &p, NULL, sk->err_soft ? sk->err_soft : ETIMEDOUT,
			sk->err_soft ? E_("no answer after the last retransmission (the ICMP error "
					  "noted earlier)")
				     : E_("no answer after the last retransmission"));
		return;
	}
	sk->retries++;
	if (sk->state != TCP_SYN_SENT || sk->retries > TCP_SYN_LINEAR_TIMEOUTS)
		sk->rto_us *= 2; /* exponential backoff */
	if (still_in_host_queue(h, sk)) {
		/* __tcp_retransmit_skb(): skb_still_in_host_queue() → -EBUSY; the timer backs off */
		struct trace_draft ev;
		struct pkt p;

		sock_pkt(sk, false, &p);
		p.tcp_flags = sk->q[0].flags;
		p.tcpo = sock_tcpo(sk, p.tcp_flags, false); /* not sent: the D-SACK waits */
		p.seq = sk->q[0].seq;
		if (p.tcp_flags & TCPF_SYN)
			p.mss = sk->advmss;
		path_ev_init(&ev, h, TRACE_ROUTE_OUT, path_new_pkt_id(h->sim), &p, NULL);
		sock_ev_name(&ev, sk);
		ev.verdict = VERDICT_WAIT;
		path_ev_why(
			&ev,
			E_("retransmission #%d (RTO) not sent: the previous copy still waits in "
			   "the neighbour queue (skb_still_in_host_queue)"),
			sk->retries);
		path_ev_commit(h->sim, &ev);
	} else {
		snprintf(note, sizeof(note), E_("retransmission #%d (RTO): "), sk->retries);
		sock_tcp_xmit(h, sk, sk->q[0].flags, sk->q[0].seq, sk->q[0].data, note);
	}
	rto_arm(h, sk, true);
}

/* ---- socket calls ---- */

int sock_bind_check(struct host *h, const struct sock_spec *s, struct diag *d)
{
	if (s->laddr && !host_find_local(h, s->laddr))
		return diag_set(d, -EADDRNOTAVAIL, "bind: Cannot assign requested address");
	if (s->lport && port_in_use(h, s->proto, s->lport))
		return diag_set(d, -EADDRINUSE, "bind: Address already in use");
	if (s->name && s->name[0] && sock_find(h, s->name))
		return diag_set(d, -EEXIST, _("socket name %s is in use on %s"), s->name, h->name);
	return 0;
}

int sock_listen(struct host *h, const struct sock_spec *s, struct sock **out, struct diag *d)
{
	struct sock *sk;
	int rc = sock_bind_check(h, s, d);

	if (rc)
		return rc;
	if (!s->lport)
		return diag_set(d, -EINVAL, _("listen: a port is needed"));
	sk = sock_new(h, PKT_PROTO_TCP, s->name);
	sk->rcv_saddr = sk->saddr = s->laddr;
	sk->sport = s->lport;
	sk->bound_dev = s->dev;
	sock_cred_set(sk, s);
	sk->pmtudisc = (uint8_t)s->pmtudisc;
	sk->state = TCP_LISTEN;
	sock_index_note(h, sk);
	{
		struct trace_draft ev;

		path_ev_init(&ev, h, TRACE_APP_SEND, 0, NULL, NULL);
		sock_ev_name(&ev, sk);
		ev.verdict = VERDICT_LISTEN;
		path_ev_why(&ev, E_("%s listens on %s:%u%s%s: it accepts SYNs to %s (D6)"),
			    sk->name, ip_str(s->laddr), s->lport, s->dev ? E_(" dev ") : "",
			    s->dev ? path_dev_name(h, s->dev) : "",
			    s->laddr ? E_("that address only") : E_("any local address"));
		path_ev_commit(h->sim, &ev);
	}
	*out = sk;
	return 0;
}

/* ip_route_connect(): lookup #1 with the bound source (or 0), lookup #2 with the chosen
 * source (C2). Fills sk->saddr, src_from and the route cache. */
static int connect_route(struct host *h, struct sock *sk, int pkt_id, struct pkt *p,
			 enum origin *from, struct strbuf *why)
{
	struct flow fl = { 0 };
	struct rtable rt;
	int rc;

	/* the source port is the bound one, or 0 until TCP picks one (C2.3) */
	sock_flow(sk, sk->rcv_saddr, &fl);
	rc = fib_route_output(h, &fl, &rt);
	if (rc) {
		strbuf_printf(why, E_("lookup #1 for %s fails: %s"), ip_str(sk->daddr),
			      errno_name(rc));
		return rc;
	}
	if (sk->rcv_saddr) {
		sk->src_from = ORIGIN_SOCKET;
		strbuf_puts(why, "");
		path_route_desc(h, &rt, why);
		strbuf_printf(why, E_("; src %s is the socket's bound address"),
			      ip_str(sk->rcv_saddr));
	} else {
		uint32_t chosen = fl.saddr;
		struct flow fl2 = { 0 };
		struct rtable rt2;
		int dev1 = rt.dev;

		if (rt.type == RTN_LOCAL)
			sk->src_from = ORIGIN_ROUTE;
		else if (rt.res.route && rt.res.route->prefsrc == chosen)
			sk->src_from = ORIGIN_ROUTE;
		else
			sk->src_from = ORIGIN_ADDR_SELECT;
		strbuf_puts(why, E_("lookup #1 (src 0.0.0.0): "));
		path_route_desc(h, &rt, why);
		if (sk->src_from == ORIGIN_ROUTE && rt.type != RTN_LOCAL)
			strbuf_printf(why, E_(" -> src %s is the route's src (B3.5)"),
				      ip_str(chosen));
		else if (rt.type == RTN_LOCAL)
			strbuf_printf(why, E_(" -> src %s (local destination)"), ip_str(chosen));
		else
			strbuf_printf(why, E_(" -> src %s chosen by inet_select_addr on %s (B4)"),
				      ip_str(chosen), path_dev_name(h, rt.dev));
		/* C2.2: lookup #2 with the chosen source; `from` rules can match now */
		sock_flow(sk, chosen, &fl2);
		rc = fib_route_output(h, &fl2, &rt2);
		if (rc) {
			strbuf_printf(why, E_("; lookup #2 with src %s fails: %s (C2.2)"),
				      ip_str(chosen), errno_name(rc));
			return rc;
		}
		if (rt2.dev != dev1) {
			strbuf_puts(why, E_("; lookup #2 with that src moves it: "));
			path_route_desc(h, &rt2, why);
			strbuf_puts(why, " (C2.2, P10)");
		} else {
			strbuf_printf(why, E_("; lookup #2 with src %s: same device"),
				      ip_str(chosen));
		}
		rt = rt2;
		fl.saddr = chosen;
	}
	/* tcp_v4_connect(): no connection to a broadcast or multicast route;
	 * ip4_datagram_connect(): a UDP socket may connect to a broadcast one only with
	 * SO_BROADCAST, which no socket here has */
	if (sk->proto == PKT_PROTO_TCP && (rt.flags & (RTCF_BROADCAST | RTCF_MULTICAST))) {
		strbuf_puts(why, E_("; the route is broadcast or multicast: TCP cannot connect "
				    "there (tcp_v4_connect)"));
		return -ENETUNREACH;
	}
	if (sk->proto == PKT_PROTO_UDP && (rt.flags & RTCF_BROADCAST)) {
		strbuf_puts(why, E_("; the route is broadcast and the socket has no SO_BROADCAST "
				    "(ip4_datagram_connect)"));
		return -EACCES;
	}
	sk->saddr = fl.saddr; /* C2.3: fixed for the life of the connection */
	path_route_from_rtable(h, &rt, &sk->dst);
	sk->dst_ok = true;
	sk->dst_genid = h->rt_genid;
	p->src = sk->saddr;
	from[FIELD_SRC] = sk->src_from;
	(void)pkt_id;
	return 0;
}

/* ip_route_newports(): TCP picked the source port after routing, so it routes once more
 * with the port (lookup #3, C2.3); the source address stays. Rules with sport or dport
 * can move the connection to another device here. */
static int connect_newports(struct host *h, struct sock *sk, struct strbuf *why)
{
	struct flow fl = { 0 };
	struct rtable rt;
	int dev = sk->dst.dev;
	int rc;

	sock_flow(sk, sk->saddr, &fl);
	rc = fib_route_output(h, &fl, &rt);
	if (rc) {
		strbuf_printf(why, E_("; lookup #3 with source port %u fails: %s (C2.3)"),
			      sk->sport, errno_name(rc));
		return rc;
	}
	if (rt.dev != dev || rt.table != sk->dst.match.table) {
		strbuf_printf(why, E_("; lookup #3 with source port %u moves it: "), sk->sport);
		path_route_desc(h, &rt, why);
		strbuf_puts(why, " (C2.3)");
	}
	path_route_from_rtable(h, &rt, &sk->dst);
	sk->dst_genid = h->rt_genid;
	return 0;
}

/* connect() fails before anything is sent: the error event, the socket released */
static int connect_fail(struct host *h, struct sock *sk, int id, const struct pkt *p,
			const enum origin *from, struct strbuf *why, int rc, struct diag *d)
{
	struct trace_draft ev;

	path_ev_init(&ev, h, TRACE_ERROR, id, p, from);
	sock_ev_name(&ev, sk);
	ev.err = -rc;
	ev.verdict = VERDICT_ERROR;
	path_ev_why(&ev, E_("connect() fails: %s"), why->buf);
	path_ev_commit(h->sim, &ev);
	strbuf_release(why);
	sk->gone = true;
	sk->state = TCP_CLOSED;
	return diag_set(d, rc, "connect: %s", strerror(-rc));
}

int sock_connect(struct host *h, const struct sock_spec *s, struct sock **out, struct diag *d)
{
	struct sock *sk;
	struct pkt p;
	enum origin from[FIELD__COUNT] = { ORIGIN_NONE, ORIGIN_APP, ORIGIN_KERNEL, ORIGIN_APP,
					   ORIGIN_ROUTE };
	struct trace_draft ev;
	struct strbuf why;
	int id, rc = sock_bind_check(h, s, d);

	if (rc)
		return rc;
	sk = sock_new(h, s->proto, s->name);
	sk->rcv_saddr = s->laddr;
	sk->bound_dev = s->dev;
	sock_cred_set(sk, s);
	sk->pmtudisc = (uint8_t)s->pmtudisc;
	sk->daddr = s->daddr;
	sk->dport = s->dport;
	if (s->dev)
		from[FIELD_OIF] = ORIGIN_SOCKET;
	if (s->lport) {
		sk->sport = s->lport;
		sk->sport_from = ORIGIN_APP;
		from[FIELD_SPORT] = ORIGIN_APP;
	} else if (s->proto == PKT_PROTO_UDP) {
		/* inet_dgram_connect() binds a port before it routes (inet_autobind) */
		sk->sport = sock_ephemeral_port(h, s->proto);
		sk->sport_from = ORIGIN_KERNEL;
	}
	sock_index_note(h, sk);
	id = s->proto == PKT_PROTO_TCP ? path_new_pkt_id(h->sim) : 0;
	memset(&p, 0, sizeof(p));
	p.proto = s->proto;
	p.dst = s->daddr;
	p.dport = s->dport;
	p.sport = sk->sport;
	path_ev_init(&ev, h, TRACE_APP_SEND, id, &p, from);
	sock_ev_name(&ev, sk);
	ev.verdict = VERDICT_CONNECT;
	path_ev_why(&ev,
		    E_("%s: connect(%s:%u): the application gives only the destination (claim C1)"),
		    sk->name, ip_str(s->daddr), s->dport);
	path_ev_commit(h->sim, &ev);
	strbuf_init(&why);
	rc = connect_route(h, sk, id, &p, from, &why);
	if (rc)
		return connect_fail(h, sk, id, &p, from, &why, rc, d);
	if (!sk->sport) {
		sk->sport = sock_ephemeral_port(h, s->proto);
		sk->sport_from = ORIGIN_KERNEL;
		rc = connect_newports(h, sk, &why);
		if (rc)
			return connect_fail(h, sk, id, &p, from, &why, rc, d);
	}
	sock_index_note(h, sk); /* the source address and port are fixed now */
	p.sport = sk->sport;
	if (s->proto == PKT_PROTO_UDP) {
		/* __ip4_datagram_connect: inet_rcv_saddr also becomes the chosen source */
		if (!sk->rcv_saddr)
			sk->rcv_saddr = sk->saddr;
		sk->connected = true;
		path_ev_init(&ev, h, TRACE_ROUTE_OUT, 0, &p, from);
		sock_ev_name(&ev, sk);
		snprintf(ev.oif, sizeof(ev.oif), "%s", path_dev_name(h, sk->dst.dev));
		ev.route = sk->dst.match;
		ev.verdict = VERDICT_CACHE;
		path_ev_why(
			&ev,
			E_("UDP connect() sends nothing: %s; src %s and the route are cached in "
			   "the socket (C5)"),
			why.buf, ip_str(sk->saddr));
		path_ev_commit(h->sim, &ev);
		strbuf_release(&why);
		*out = sk;
		return 0;
	}
	sk->state = TCP_SYN_SENT;
	sk->snd_una = sk->iss;
	sk->snd_nxt = sk->iss + 1;
	/* tcp_connect_init: tp->advmss from the route, which the SYN advertises */
	sk->advmss = mss_advmss(h, &sk->dst);
	path_ev_init(&ev, h, TRACE_ROUTE_OUT, id, &p, from);
	p.tcp_flags = TCPF_SYN;
	p.tcpo = sock_tcpo(sk, TCPF_SYN, true);
	p.seq = sk->iss;
	p.mss = sk->advmss;
	ev.pkt = p;
	memcpy(ev.from, from, sizeof(ev.from));
	sock_ev_name(&ev, sk);
	snprintf(ev.oif, sizeof(ev.oif), "%s", path_dev_name(h, sk->dst.dev));
	ev.route = sk->dst.match;
	ev.verdict = VERDICT_ACCEPT;
	strbuf_printf(&why,
		      E_("; src %s is now fixed in the socket (C2.3); the SYN advertises "
			 "MSS %u: "),
		      ip_str(sk->saddr), sk->advmss);
	mss_advmss_why(h, &sk->dst, &why);
	path_ev_why(&ev, "%s", why.buf);
	path_ev_commit(h->sim, &ev);
	strbuf_release(&why);
	sk->first_sent = true;
	seg_queue(h, sk, TCPF_SYN, sk->iss, NULL);
	sock_ip_output(h, sk, &sk->dst, id, &p, from);
	*out = sk;
	path_run(h->sim);
	if (sk->state == TCP_CLOSED) {
		sk->gone = true;
		return diag_set(d, -(sk->err ? sk->err : ECONNREFUSED), "connect: %s",
				strerror(sk->err ? sk->err : ECONNREFUSED));
	}
	return 0;
}

static int send_app_event(struct host *h, struct sock *sk, const char *text)
{
	struct trace_draft ev;
	struct pkt p;
	enum origin from[FIELD__COUNT] = { 0 };
	int id = path_new_pkt_id(h->sim);

	sock_pkt(sk, false, &p);
	pkt_set_payload(&p, text);
	from[FIELD_SRC] = from[FIELD_DST] = from[FIELD_SPORT] = from[FIELD_DPORT] = ORIGIN_SOCKET;
	path_ev_init(&ev, h, TRACE_APP_SEND, id, &p, from);
	sock_ev_name(&ev, sk);
	ev.verdict = VERDICT_WRITE;
	path_ev_why(
		&ev,
		E_("%s: write(\"%s\"): the application gives only payload bytes; the kernel does "
		   "the rest (claim C1)"),
		sk->name, text);
	path_ev_commit(h->sim, &ev);
	return id;
}

/* tcp_nagle_check() with Minshall's rule: a small segment (every one pktpath sends is
 * below the MSS) waits while a small segment already sent is unacknowledged */
static bool nagle_holds(const struct sock *sk)
{
	for (int i = 0; i < sk->nq; i++)
		if (sk->q[i].sent && !sk->q[i].held && sk->q[i].data[0])
			return true;
	return false;
}

/* The write waits in the send queue: appended to data already held (tcp_sendmsg fills
 * the tail skb) when the payload still fits, else a new held segment */
static void nagle_queue(struct host *h, struct sock *sk, const char *text)
{
	struct sock_seg *t = sk->nq ? &sk->q[sk->nq - 1] : NULL;
	struct trace_draft ev;
	struct pkt p;
	uint32_t len = (uint32_t)strlen(text);

	if (t && t->held && strlen(t->data) + len < sizeof(t->data) &&
	    strlen(t->data) + len <= PKT_PAYLOAD_MAX) {
		strcat(t->data, text);
	} else {
		seg_queue(h, sk, TCPF_PSH | TCPF_ACK, sk->snd_nxt, text);
		sk->q[sk->nq - 1].held = true;
	}
	sk->snd_nxt += len;
	sock_pkt(sk, false, &p);
	pkt_set_payload(&p, text);
	path_ev_init(&ev, h, TRACE_APP_SEND, 0, &p, NULL);
	sock_ev_name(&ev, sk);
	ev.verdict = VERDICT_QUEUE;
	path_ev_why(&ev,
		    E_("Nagle: %s already has a small segment unacknowledged, so \"%s\" waits in "
		       "the send queue for its ACK (tcp_nagle_check)"),
		    sk->name, text);
	path_ev_commit(h->sim, &ev);
}

unsigned sock_write_max(const struct host *h, const struct sock *sk)
{
	const struct sock_seg *t = sk->nq ? &sk->q[sk->nq - 1] : NULL;
	unsigned m;

	if (sk->proto != PKT_PROTO_TCP ||
	    (sk->state != TCP_ESTABLISHED && sk->state != TCP_CLOSE_WAIT))
		return PKT_PAYLOAD_MAX;
	/* a segment of the MSS or more is full-sized: Nagle lets it go and segmentation
	 * offload may split it (tcp_nagle_check, tcp_tso_segs), which pktpath does not
	 * model; every segment it sends is below the MSS */
	m = mss_send(h, &sk->dst, sk->peer_mss, sk->tcpo_ok & TCPO_TS) - 1;
	if (m > PKT_PAYLOAD_MAX)
		m = PKT_PAYLOAD_MAX;
	/* Nagle holds the write: it joins the data already waiting in the tail segment */
	if (nagle_holds(sk) && t && t->held)
		m = m > strlen(t->data) ? m - (unsigned)strlen(t->data) : 0;
	return m;
}

int sock_send(struct host *h, struct sock *sk, const char *text, uint16_t pad, struct diag *d)
{
	uint32_t seq;

	if (sk->proto == PKT_PROTO_UDP) {
		if (!sk->connected)
			return diag_set(d, -EDESTADDRREQ, "send: Destination address required");
		return sock_udp_send(h, sk, sk->daddr, sk->dport, text, pad, true, d);
	}
	if (sk->state != TCP_ESTABLISHED && sk->state != TCP_CLOSE_WAIT) {
		int e = sk->state == TCP_LISTEN || sk->state == TCP_SYN_SENT ||
					sk->state == TCP_SYN_RECV
				? ENOTCONN
				: EPIPE;
		struct pkt p;

		memset(&p, 0, sizeof(p));
		sock_emit_error(h, sk, 0, &p, NULL, e, E_("the connection is not established"));
		return diag_set(d, -e, "send: %s", strerror(e));
	}
	send_app_event(h, sk, text);
	if (nagle_holds(sk)) {
		nagle_queue(h, sk, text);
		path_run(h->sim);
		return 0;
	}
	seq = sk->snd_nxt;
	sk->snd_nxt += (uint32_t)strlen(text);
	seg_queue(h, sk, TCPF_PSH | TCPF_ACK, seq, text);
	sock_tcp_xmit(h, sk, TCPF_PSH | TCPF_ACK, seq, text, "");
	path_run(h->sim);
	return 0;
}

void sock_tcp_push_held(struct host *h, struct sock *sk)
{
	for (int i = 0; i < sk->nq; i++) {
		struct sock_seg *s = &sk->q[i];

		if (!s->held)
			continue;
		if (nagle_holds(sk))
			return;
		s->held = false;
		sock_tcp_xmit(
			h, sk, s->flags, s->seq, s->data,
			E_("Nagle: nothing small is unacknowledged any more, so the data held "
			   "back goes (tcp_data_snd_check): "));
	}
}

_Static_assert(SOCK_GROUPS == NF_OWNER_GROUPS, "a socket's groups are an owner's");

const struct nf_owner *sock_owner(struct host *h, const struct sock *sk, struct nf_owner *buf)
{
	if (sk && sk->state == TCP_SYN_RECV && sk->listener)
		sk = sock_by_id(h, sk->listener);
	if (!sk || sk->orphaned || (sk->listener && !sk->accepted))
		return NULL;
	buf->uid = sk->uid;
	buf->gid = sk->gid;
	buf->nofile = false;
	buf->ngroups = sk->ngroups;
	memcpy(buf->groups, sk->groups, sizeof(buf->groups));
	return buf;
}

int sock_accept(struct host *h, struct sock *lsk, const char *name, const struct sock_spec *cred,
		struct sock **out, struct diag *d)
{
	struct trace_draft ev;

	if (lsk->proto != PKT_PROTO_TCP || lsk->state != TCP_LISTEN)
		return diag_set(d, -EINVAL, "accept: Invalid argument");
	if (name && name[0] && sock_find(h, name))
		return diag_set(d, -EEXIST, _("socket name %s is in use on %s"), name, h->name);
	for (size_t i = 0; i < h->nsock; i++) {
		struct sock *c = h->socks[i];

		if (c->gone || c->listener != lsk->id || c->accepted || c->state == TCP_SYN_RECV)
			continue;
		c->accepted = true;
		sock_cred_set(c, cred);
		if (name && name[0]) {
			snprintf(c->name, sizeof(c->name), "%s", name);
			sock_index_note(h, c);
		}
		path_ev_init(&ev, h, TRACE_APP_RECV, 0, NULL, NULL);
		sock_ev_name(&ev, c);
		ev.verdict = VERDICT_ACCEPT;
		path_ev_why(
			&ev,
			E_("accept() on %s returns %s: local %s:%u (the SYN's dst, C6.1), remote "
			   "%s:%u"),
			lsk->name, c->name, ip_str(c->saddr), c->sport, ip_str(c->daddr), c->dport);
		path_ev_commit(h->sim, &ev);
		if (c->unread[0]) {
			/* bytes that arrived before accept() are read now */
			struct pkt p;

			sock_pkt(c, true, &p);
			pkt_set_payload(&p, c->unread);
			path_ev_init(&ev, h, TRACE_APP_RECV, 0, &p, NULL);
			sock_ev_name(&ev, c);
			ev.verdict = VERDICT_READ;
			path_ev_why(&ev, E_("%s: read() = \"%s\" (queued before accept())"),
				    c->name, c->unread);
			path_ev_commit(h->sim, &ev);
			c->unread[0] = '\0';
		}
		*out = c;
		return 0;
	}
	return diag_set(
		d, -EAGAIN,
		_("accept: no connection is waiting on %s (Resource temporarily unavailable)"),
		lsk->name);
}

int sock_close(struct host *h, struct sock *sk, struct diag *d)
{
	struct trace_draft ev;

	(void)d;
	path_ev_init(&ev, h, TRACE_APP_SEND, 0, NULL, NULL);
	sock_ev_name(&ev, sk);
	ev.verdict = VERDICT_CLOSE;
	path_ev_why(&ev, E_("%s: close() in state %s"), sk->name,
		    sk->proto == PKT_PROTO_TCP ? tcp_state_name(sk->state) : "UDP");
	path_ev_commit(h->sim, &ev);
	sk->gone = true;
	/* sock_orphan() comes after tcp_send_fin(): the FIN still has the socket's file */
	if (sk->proto != PKT_PROTO_TCP) {
		sk->orphaned = true;
		return 0;
	}
	switch (sk->state) {
	case TCP_ESTABLISHED:
	case TCP_SYN_RECV:
		sk->state = TCP_FIN_WAIT1;
		break;
	case TCP_CLOSE_WAIT:
		sk->state = TCP_LAST_ACK;
		break;
	default:
		sk->state = TCP_CLOSED;
		sk->rto_armed = false;
		sk->orphaned = true;
		return 0;
	}
	if (sk->nq && sk->q[sk->nq - 1].held) {
		/* tcp_send_fin(): the FIN rides on the data still held, and everything held goes
		 * now, Nagle or not */
		sk->q[sk->nq - 1].flags |= TCPF_FIN;
		sk->snd_nxt++;
		for (int i = 0; i < sk->nq; i++)
			if (sk->q[i].held) {
				sk->q[i].held = false;
				sock_tcp_xmit(
					h, sk, sk->q[i].flags, sk->q[i].seq, sk->q[i].data,
					E_("close(): the FIN goes with the data Nagle held: "));
			}
		sk->orphaned = true;
		path_run(h->sim);
		return 0;
	}
	seg_queue(h, sk, TCPF_FIN | TCPF_ACK, sk->snd_nxt, NULL);
	sock_tcp_xmit(h, sk, TCPF_FIN | TCPF_ACK, sk->snd_nxt, NULL, "");
	sk->snd_nxt++;
	sk->orphaned = true;
	path_run(h->sim);
	return 0;
}
