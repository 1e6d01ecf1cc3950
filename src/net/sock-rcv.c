/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * sock-rcv: a packet arriving at the socket layer (docs/kernel.md D6): the TCP and UDP
 * socket lookups with their scores (__inet_lookup_skb, compute_score), TCP's state
 * machine on arrival (the request sock, the child at the final ACK, data, FIN, RST),
 * UDP delivery, and tcp_v4_send_reset for segments no socket takes (D8).
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

static void deliver_ev(struct host *h, int iif, int pkt_id, const struct pkt *p,
		       const enum origin *from, const struct sock *sk, enum trace_stage st,
		       enum trace_verdict verdict, const char *fmt, ...)
	__attribute__((format(printf, 9, 10)));

static void deliver_ev(struct host *h, int iif, int pkt_id, const struct pkt *p,
		       const enum origin *from, const struct sock *sk, enum trace_stage st,
		       enum trace_verdict verdict, const char *fmt, ...)
{
	struct trace_draft ev;
	va_list ap;

	path_ev_init(&ev, h, st, pkt_id, p, from);
	snprintf(ev.iif, sizeof(ev.iif), "%s", path_dev_name(h, iif));
	if (sk)
		sock_ev_name(&ev, sk);
	ev.verdict = verdict;
	va_start(ap, fmt);
	vsnprintf(ev.why, sizeof(ev.why), fmt, ap);
	va_end(ap);
	path_ev_commit(h->sim, &ev);
}

static void tcp_send_reset(struct host *h, int pkt_id, const struct pkt *p)
{
	struct pkt r;

	if (path_tcp_reset_for(p, &r))
		path_kernel_reply(h, pkt_id, p, &r, E_("TCP RST (tcp_v4_send_reset)"));
}

static bool match_established(const struct sock *s, const void *arg)
{
	const struct sock_query *q = arg;

	return s->proto == PKT_PROTO_TCP && s->state != TCP_CLOSED && s->state != TCP_LISTEN &&
	       s->saddr == q->saddr && s->sport == q->sport && s->daddr == q->daddr &&
	       s->dport == q->dport;
}

static struct sock *tcp_lookup_established(struct host *h, const struct pkt *p)
{
	struct sock_query q = {
		.saddr = p->dst, .sport = p->dport, .daddr = p->src, .dport = p->sport
	};

	return sock_index_find(h, SOCK_KEY_TUPLE, &q, match_established, &q);
}

/* __inet_lookup_listener: first listeners bound to exactly daddr, then 0.0.0.0; a
 * device-bound listener scores higher and only takes packets from its device. */
struct score_arg {
	int iif;
	const struct pkt *p;
	int pass;
	struct sock *best; /* the highest score; the lowest id among equals */
	int best_score;
};

static void score_keep(struct score_arg *a, struct sock *s, int score)
{
	if (score > a->best_score || (score == a->best_score && a->best && s->id < a->best->id)) {
		a->best = s;
		a->best_score = score;
	}
}

static void listener_score(struct sock *s, void *arg)
{
	struct score_arg *a = arg;
	int score = 1;

	if (s->gone || s->proto != PKT_PROTO_TCP || s->state != TCP_LISTEN ||
	    s->sport != a->p->dport)
		return;
	if (a->pass == 0 ? s->rcv_saddr != a->p->dst : s->rcv_saddr != 0)
		return;
	if (s->bound_dev) {
		if (s->bound_dev != a->iif)
			return;
		score += 4;
	}
	score_keep(a, s, score);
}

static struct sock *tcp_lookup_listener(struct host *h, int iif, const struct pkt *p)
{
	struct sock_query q = { .proto = PKT_PROTO_TCP, .sport = p->dport };
	struct score_arg a = { iif, p, 0, NULL, 0 };

	for (a.pass = 0; a.pass < 2 && !a.best; a.pass++)
		sock_index_each(h, SOCK_KEY_LISTEN, &q, listener_score, &a);
	return a.best;
}

static void tcp_ack_now(struct host *h, struct sock *sk)
{
	sock_tcp_xmit(h, sk, TCPF_ACK, sk->snd_nxt, NULL, "");
}

static void tcp_clean_acked(struct host *h, struct sock *sk, uint32_t ack)
{
	int k = 0;

	(void)h;
	if ((int32_t)(ack - sk->snd_una) > 0)
		sk->snd_una = ack;
	while (k < sk->nq && (int32_t)(sk->q[k].seq + sock_seg_len(&sk->q[k]) - ack) <= 0)
		k++;
	if (k) {
		memmove(&sk->q[0], &sk->q[k], (size_t)(sk->nq - k) * sizeof(sk->q[0]));
		sk->nq -= k;
		sk->retries = 0;
		sk->rto_us = 0;
		sk->tlp_out = false;
	}
	if (sk->nq == 0) {
		sock_q_clear(sk);
		sk->rto_armed = false;
	}
}

/* The SYN-ACK of request c, as tcp_make_synack() fills it */
static void synack_of(const struct sock *c, struct pkt *sa)
{
	memset(sa, 0, sizeof(*sa));
	sa->proto = PKT_PROTO_TCP;
	sa->src = c->saddr;
	sa->dst = c->daddr;
	sa->sport = c->sport;
	sa->dport = c->dport;
	sa->tcp_flags = TCPF_SYN | TCPF_ACK;
	sa->tcpo = c->tcpo_ok; /* tcp_synack_options(): what the SYN offered */
	sa->seq = c->iss;
	sa->ack = c->rcv_nxt;
}

static void tcp_listen_rcv(struct host *h, int iif, int pkt_id, const struct pkt *p,
			   const enum origin *from, struct sock *lsk)
{
	struct nf_owner ob;
	struct pkt sa;
	struct sock *c;
	struct flow fl = { 0 };
	struct rtable rt;
	struct strbuf why;
	int rc;

	if (!(p->tcp_flags & TCPF_SYN) || (p->tcp_flags & (TCPF_ACK | TCPF_RST))) {
		deliver_ev(h, iif, pkt_id, p, from, lsk, TRACE_DROP, VERDICT_DROP,
			   E_("listener %s takes only SYNs: this segment belongs to no connection"),
			   lsk->name);
		if (!(p->tcp_flags & TCPF_RST))
			tcp_send_reset(h, pkt_id, p);
		return;
	}
	/* tcp_conn_request: ir_loc_addr = daddr, ir_rmt_addr = saddr (C6.1) */
	c = sock_new(h, PKT_PROTO_TCP, NULL);
	snprintf(c->name, sizeof(c->name), "%.20s.%d", lsk->name, c->id % 1000000);
	c->listener = lsk->id;
	c->state = TCP_SYN_RECV;
	c->saddr = c->rcv_saddr = p->dst;
	c->sport = p->dport;
	c->daddr = p->src;
	c->dport = p->sport;
	sock_index_note(h, c);
	c->bound_dev = lsk->bound_dev; /* ir_iif = the listener's device, not the SYN's (C6.2) */
	c->pmtudisc = lsk->pmtudisc;   /* sk_clone_lock() copies the listener's options */
	c->src_from = ORIGIN_INCOMING;
	c->sport_from = ORIGIN_INCOMING;
	c->rcv_nxt = p->seq + 1;
	c->peer_mss = p->mss;		 /* tcp_parse_options: 0 (none) reads as 536 */
	c->tcpo_ok = p->tcpo & TCPO_SYN; /* Linux takes each option the SYN offers */
	c->snd_una = c->iss;
	c->snd_nxt = c->iss + 1;
	deliver_ev(
		h, iif, pkt_id, p, from, c, TRACE_SOCK_DELIVER, VERDICT_SYN,
		E_("listener %s (%s:%u) takes the SYN: new connection %s, local %s (the SYN's dst, "
		   "C6.1), remote %s:%u"),
		lsk->name, ip_str(lsk->rcv_saddr), lsk->sport, c->name, ip_str(c->saddr),
		ip_str(c->daddr), c->dport);
	/* inet_csk_route_req: oif = listener's device, saddr fixed (C6.2, C6.3) */
	fl.daddr = c->daddr;
	fl.saddr = c->saddr;
	fl.oif = c->bound_dev;
	flow_set_l4(&fl, PKT_PROTO_TCP, c->sport, c->dport);
	rc = fib_route_output(h, &fl, &rt);
	strbuf_init(&why);
	synack_of(c, &sa);
	if (rc) {
		deliver_ev(h, iif, path_new_pkt_id(h->sim), &sa, NULL, c, TRACE_DROP, VERDICT_DROP,
			   E_("no route for the SYN-ACK to %s (%s): the SYN is dropped silently "
			      "(C6.4, OutNoRoutes)"),
			   ip_str(c->daddr), errno_name(rc));
		c->gone = true;
		c->state = TCP_CLOSED;
		strbuf_release(&why);
		return;
	}
	path_route_from_rtable(h, &rt, &c->dst);
	c->dst_ok = true;
	c->dst_genid = h->rt_genid;
	/* tcp_make_synack: the MSS of the route the SYN-ACK takes, whatever the SYN's */
	sa.mss = c->advmss = mss_advmss(h, &c->dst);
	strbuf_puts(&why, E_("SYN-ACK of an accepted connection: "));
	path_route_desc(h, &rt, &why);
	if (rt.res.route && rt.res.route->prefsrc && rt.res.route->prefsrc != c->saddr)
		strbuf_printf(&why,
			      E_("; only the NIC comes from the route, its src %s is ignored: src "
				 "stays %s (C6.3)"),
			      ip_str(rt.res.route->prefsrc), ip_str(c->saddr));
	else
		strbuf_printf(&why,
			      E_("; only the NIC comes from the route, src %s from the SYN (C6.3)"),
			      ip_str(c->saddr));
	strbuf_printf(&why, E_("; it advertises MSS %u: "), sa.mss);
	mss_advmss_why(h, &c->dst, &why);
	{
		enum origin sf[FIELD__COUNT];
		struct trace_draft ev;
		int id = path_new_pkt_id(h->sim);

		sock_origins(c, sf);
		path_ev_init(&ev, h, TRACE_ROUTE_OUT, id, &sa, sf);
		sock_ev_name(&ev, c);
		snprintf(ev.oif, sizeof(ev.oif), "%s", path_dev_name(h, rt.dev));
		ev.route = c->dst.match;
		ev.verdict = VERDICT_ACCEPT;
		path_ev_why(&ev, "%s", why.buf);
		path_ev_commit(h->sim, &ev);
		c->first_sent = true;
		/* ip_build_and_send_pkt(): DF, with IP id 0, whatever the listener's
		 * IP_MTU_DISCOVER and a locked route MTU say (measured on 6.18 with dont,
		 * and with want on a `mtu lock` route); the later segments follow the mode */
		sa.df = true;
		path_ip_output(h, &c->dst, id, &sa, sf, c->name, sock_owner(h, c, &ob));
	}
	strbuf_release(&why);
	/* C6.5: the child routes again on the final ACK */
	c->dst_ok = false;
}

/* No socket has the 4-tuple: a listener's, else the kernel's RST (D8) */
static void tcp_rcv_nosock(struct host *h, int iif, int pkt_id, const struct pkt *p,
			   const enum origin *from)
{
	struct sock *lsk = tcp_lookup_listener(h, iif, p);

	if (lsk) {
		tcp_listen_rcv(h, iif, pkt_id, p, from, lsk);
		return;
	}
	deliver_ev(h, iif, pkt_id, p, from, NULL, TRACE_DROP, VERDICT_NOSOCK,
		   E_("no socket has the 4-tuple %s:%u<-%s:%u and no listener on port %u (D6): %s"),
		   ip_str(p->dst), p->dport, ip_str(p->src), p->sport, p->dport,
		   (p->tcp_flags & TCPF_RST) ? E_("a RST is never answered")
					     : E_("the kernel answers with RST (D8)"));
	tcp_send_reset(h, pkt_id, p);
}

/* A RST for sk */
static void tcp_rcv_rst(struct host *h, int iif, int pkt_id, const struct pkt *p,
			const enum origin *from, struct sock *sk)
{
	int e = sk->state == TCP_SYN_SENT ? ECONNREFUSED : ECONNRESET;

	if (sk->state == TCP_SYN_RECV && sk->listener) {
		/* a half-open connection is only a request sock on the kernel (tcp_check_req):
		 * a RST drops it (inet_csk_reqsk_queue_drop) and nobody is told; accept()
		 * never sees it */
		deliver_ev(
			h, iif, pkt_id, p, from, sk, TRACE_DROP, VERDICT_RESET,
			E_("the half-open %s (SYN-RECV) is only a request sock: the RST drops it, "
			   "no error for anyone, accept() never sees it (tcp_check_req)"),
			sk->name);
		sk->state = TCP_CLOSED;
		sock_q_clear(sk);
		sk->rto_armed = false;
		sk->gone = true;
		return;
	}
	deliver_ev(h, iif, pkt_id, p, from, sk, TRACE_SOCK_DELIVER, VERDICT_RESET,
		   E_("%s is reset by the peer"), sk->name);
	sk->state = TCP_CLOSED;
	sock_q_clear(sk);
	sk->rto_armed = false;
	sock_emit_error(h, sk, pkt_id, p, from, e, E_("reset by the peer"));
}

/* The handshake's states: false when the segment ends here */
static bool tcp_rcv_handshake(struct host *h, int iif, int pkt_id, const struct pkt *p,
			      const enum origin *from, struct sock *sk)
{
	if (sk->state == TCP_SYN_SENT) {
		if ((p->tcp_flags & (TCPF_SYN | TCPF_ACK)) == (TCPF_SYN | TCPF_ACK) &&
		    p->ack == sk->snd_nxt) {
			sk->rcv_nxt = p->seq + 1;
			sk->peer_mss = p->mss;
			sk->tcpo_ok = p->tcpo & TCPO_SYN; /* it answers with a subset of ours */
			tcp_clean_acked(h, sk, p->ack);
			sk->state = TCP_ESTABLISHED;
			deliver_ev(h, iif, pkt_id, p, from, sk, TRACE_SOCK_DELIVER,
				   VERDICT_ESTABLISHED,
				   E_("SYN-ACK matches %s (exact 4-tuple, D6): connect() returns, "
				      "ESTABLISHED"),
				   sk->name);
			tcp_ack_now(h, sk);
			return false;
		}
		deliver_ev(h, iif, pkt_id, p, from, sk, TRACE_DROP, VERDICT_DROP,
			   E_("unexpected segment in SYN-SENT"));
		tcp_send_reset(h, pkt_id, p);
		return false;
	}
	if (sk->state == TCP_SYN_RECV) {
		if (!(p->tcp_flags & TCPF_ACK) || p->ack != sk->snd_nxt) {
			deliver_ev(h, iif, pkt_id, p, from, sk, TRACE_DROP, VERDICT_DROP,
				   E_("unexpected segment in SYN-RECV"));
			return false;
		}
		tcp_clean_acked(h, sk, p->ack);
		sk->state = TCP_ESTABLISHED;
		deliver_ev(
			h, iif, pkt_id, p, from, sk, TRACE_SOCK_DELIVER, VERDICT_ESTABLISHED,
			E_("handshake complete: %s is ESTABLISHED and waits in the accept queue"),
			sk->name);
	}
	return true;
}

/* len bytes of data for sk: in order they are queued (and read, once accepted), else
 * a retransmission */
static void tcp_rcv_data(struct host *h, int iif, int pkt_id, const struct pkt *p,
			 const enum origin *from, struct sock *sk, uint32_t len)
{
	if (p->seq != sk->rcv_nxt) {
		/* tcp_data_queue() → tcp_dsack_set(): the ACK reports the duplicate */
		if (p->seq + len <= sk->rcv_nxt && (sk->tcpo_ok & TCPO_SACKOK))
			sk->dsack = true;
		deliver_ev(h, iif, pkt_id, p, from, sk, TRACE_SOCK_DELIVER, VERDICT_DUP,
			   E_("%s already has these bytes (a retransmission): only ACKed again"),
			   sk->name);
		return;
	}
	sk->rcv_nxt += len;
	snprintf(sk->last_rx, sizeof(sk->last_rx), "%s", pkt_payload(p));
	if (sk->listener && !sk->accepted) {
		/* not accept()ed yet: the bytes wait in the receive queue */
		size_t u = strlen(sk->unread);

		snprintf(sk->unread + u, sizeof(sk->unread) - u, "%s", pkt_payload(p));
		deliver_ev(h, iif, pkt_id, p, from, sk, TRACE_SOCK_DELIVER, VERDICT_DELIVER,
			   E_("exact 4-tuple %s:%u<-%s:%u matches %s (D6): %u bytes queued; nobody "
			      "has accept()ed the connection yet, so nobody reads them"),
			   ip_str(p->dst), p->dport, ip_str(p->src), p->sport, sk->name, len);
		return;
	}
	deliver_ev(h, iif, pkt_id, p, from, sk, TRACE_SOCK_DELIVER, VERDICT_DELIVER,
		   E_("exact 4-tuple %s:%u<-%s:%u matches %s (D6): %u bytes queued"),
		   ip_str(p->dst), p->dport, ip_str(p->src), p->sport, sk->name, len);
	deliver_ev(h, iif, pkt_id, p, from, sk, TRACE_APP_RECV, VERDICT_READ,
		   E_("%s: read() = \"%s\""), sk->name, pkt_payload(p));
}

/* A FIN in order moves the state on and is read as EOF */
static void tcp_rcv_fin(struct host *h, int iif, int pkt_id, const struct pkt *p,
			const enum origin *from, struct sock *sk)
{
	sk->rcv_nxt++;
	if (sk->state == TCP_ESTABLISHED || sk->state == TCP_SYN_RECV)
		sk->state = TCP_CLOSE_WAIT;
	else if (sk->state == TCP_FIN_WAIT1)
		sk->state = TCP_CLOSING;
	else if (sk->state == TCP_FIN_WAIT2)
		sk->state = TCP_TIME_WAIT;
	deliver_ev(h, iif, pkt_id, p, from, sk, TRACE_SOCK_DELIVER, VERDICT_FIN,
		   E_("FIN for %s: now %s"), sk->name, tcp_state_name(sk->state));
	if (!sk->gone)
		deliver_ev(h, iif, pkt_id, p, from, sk, TRACE_APP_RECV, VERDICT_EOF,
			   E_("%s: read() = 0 (the peer closed)"), sk->name);
}

void sock_tcp_rcv(struct host *h, int iif, int pkt_id, const struct pkt *p, const enum origin *from)
{
	struct sock *sk = tcp_lookup_established(h, p);
	uint32_t len = (uint32_t)strlen(pkt_payload(p));
	bool need_ack = false;

	if (!sk) {
		tcp_rcv_nosock(h, iif, pkt_id, p, from);
		return;
	}
	if (p->tcp_flags & TCPF_RST) {
		tcp_rcv_rst(h, iif, pkt_id, p, from, sk);
		return;
	}
	if (!tcp_rcv_handshake(h, iif, pkt_id, p, from, sk))
		return;
	if (p->tcp_flags & TCPF_ACK) {
		tcp_clean_acked(h, sk, p->ack);
		sock_tcp_push_held(h, sk);
		if (sk->nq == 0) {
			if (sk->state == TCP_FIN_WAIT1)
				sk->state = TCP_FIN_WAIT2;
			else if (sk->state == TCP_CLOSING)
				sk->state = TCP_TIME_WAIT;
			else if (sk->state == TCP_LAST_ACK)
				sk->state = TCP_CLOSED;
		}
	}
	if (len > 0) {
		tcp_rcv_data(h, iif, pkt_id, p, from, sk, len);
		need_ack = true;
	} else if (!(p->tcp_flags & TCPF_FIN)) {
		deliver_ev(h, iif, pkt_id, p, from, sk, TRACE_SOCK_DELIVER, VERDICT_ACK,
			   E_("ACK for %s (exact 4-tuple, D6), %s"), sk->name,
			   tcp_state_name(sk->state));
	}
	if ((p->tcp_flags & TCPF_FIN) && p->seq + len + 1 == sk->rcv_nxt) {
		need_ack = true; /* a retransmitted FIN: ACK it again */
		/* with a D-SACK, but not from TIME-WAIT (tcp_v4_timewait_ack) */
		if ((sk->tcpo_ok & TCPO_SACKOK) && sk->state != TCP_TIME_WAIT)
			sk->dsack = true;
	} else if ((p->tcp_flags & TCPF_FIN) && p->seq + len == sk->rcv_nxt) {
		tcp_rcv_fin(h, iif, pkt_id, p, from, sk);
		need_ack = true;
	}
	if (need_ack && sk->state != TCP_CLOSED)
		tcp_ack_now(h, sk);
}

/* compute_score() (D6) */
static void udp_score(struct sock *s, void *arg)
{
	struct score_arg *a = arg;
	int score = 0;

	if (s->gone || s->proto != PKT_PROTO_UDP || s->sport != a->p->dport)
		return;
	if (s->rcv_saddr) {
		if (s->rcv_saddr != a->p->dst)
			return;
		score += 4;
	}
	if (s->connected) {
		if (s->daddr != a->p->src || s->dport != a->p->sport)
			return;
		score += 4;
	}
	if (s->bound_dev) {
		if (s->bound_dev != a->iif)
			return;
		score += 4;
	}
	score_keep(a, s, score);
}

static bool match_live(const struct sock *s, const void *arg)
{
	const struct sock_query *q = arg;

	return !s->gone && s->proto == q->proto && s->sport == q->sport;
}

bool sock_udp_rcv(struct host *h, int iif, int pkt_id, const struct pkt *p, const enum origin *from)
{
	struct sock_query q = { .proto = PKT_PROTO_UDP, .sport = p->dport };
	struct score_arg a = { iif, p, 0, NULL, -1 };
	struct sock *best;

	sock_index_each(h, SOCK_KEY_PORT, &q, udp_score, &a);
	best = a.best;
	if (!best) {
		bool connected_exists =
			sock_index_find(h, SOCK_KEY_PORT, &q, match_live, &q) != NULL;

		deliver_ev(
			h, iif, pkt_id, p, from, NULL, TRACE_DROP, VERDICT_NOSOCK,
			connected_exists
				? E_("a socket has port %u, but it is connected to another remote "
				     "or bound to "
				     "another address (D6): ICMP port unreachable")
				: E_("no UDP socket on port %u (D6): ICMP port unreachable"),
			p->dport);
		return false;
	}
	snprintf(best->last_rx, sizeof(best->last_rx), "%s", pkt_payload(p));
	best->last_from = p->src;
	best->last_from_port = p->sport;
	deliver_ev(h, iif, pkt_id, p, from, best, TRACE_SOCK_DELIVER, VERDICT_DELIVER,
		   E_("%s (%s:%u%s) takes the datagram (D6)"), best->name, ip_str(best->rcv_saddr),
		   best->sport, best->connected ? E_(", connected") : "");
	deliver_ev(h, iif, pkt_id, p, from, best, TRACE_APP_RECV, VERDICT_READ,
		   E_("%s: recvfrom() = \"%s\" from %s:%u"), best->name, pkt_payload(p),
		   ip_str(p->src), p->sport);
	return true;
}

/* icmp_err_convert[] (net/ipv4/icmp.c) for ICMP_DEST_UNREACH codes */
static int icmp_unreach_errno(unsigned code, bool *fatal)
{
	static const struct {
		int err;
		bool fatal;
	} conv[] = {
		{ ENETUNREACH, false },	 { EHOSTUNREACH, false }, { ENOPROTOOPT, true },
		{ ECONNREFUSED, true },	 { EMSGSIZE, false },	  { EOPNOTSUPP, false },
		{ ENETUNREACH, true },	 { EHOSTDOWN, true },	  { ENONET, true },
		{ ENETUNREACH, true },	 { EHOSTUNREACH, true },  { ENETUNREACH, false },
		{ EHOSTUNREACH, false }, { EHOSTUNREACH, true },  { EHOSTUNREACH, true },
		{ EHOSTUNREACH, true },
	};

	if (code >= sizeof(conv) / sizeof(conv[0])) {
		if (fatal)
			*fatal = false;
		return EHOSTUNREACH;
	}
	if (fatal)
		*fatal = conv[code].fatal;
	return conv[code].err;
}

void sock_icmp_err(struct host *h, int pkt_id, const struct pkt *p)
{
	/* the quoted header: our datagram src = p->dst, its dst = p->ack, ports in p->seq */
	uint16_t sport = (uint16_t)(p->seq >> 16), dport = (uint16_t)(p->seq & 0xffff);

	for (size_t i = 0; i < h->nsock; i++) {
		struct sock *s = h->socks[i];
		bool fatal;
		int e;

		if (s->gone || s->proto != PKT_PROTO_UDP || p->quoted_proto != PKT_PROTO_UDP ||
		    s->sport != sport)
			continue;
		if (!s->connected || s->daddr != p->ack || s->dport != dport || p->sport != 3)
			continue;
		/* udp_err() without IP_RECVERR: only a hard error (icmp_err_convert[code].fatal:
		 * protocol/port unreachable, unknown, prohibited) reaches the socket */
		e = icmp_unreach_errno(p->dport, &fatal);
		if (fatal) {
			sock_emit_error(
				h, s, pkt_id, p, NULL, e,
				p->dport == 3 ? E_("ICMP port unreachable: a connected UDP socket "
						   "reports it")
					      : E_("ICMP destination unreachable (a hard error): a "
						   "connected UDP socket reports it"));
		} else {
			struct trace_draft ev;

			path_ev_init(&ev, h, TRACE_SOCK_DELIVER, pkt_id, p, NULL);
			sock_ev_name(&ev, s);
			ev.verdict = VERDICT_ICMP;
			path_ev_why(
				&ev,
				E_("ICMP code %u is a soft error (%s): udp_err does not report it "
				   "without IP_RECVERR"),
				p->dport, errno_name(e));
			path_ev_commit(h->sim, &ev);
		}
		return;
	}
	/* tcp_v4_err(): a destination unreachable about a SYN ends a connect() in SYN_SENT
	 * whatever the code, with icmp_err_convert[code] (port/protocol unreachable:
	 * ECONNREFUSED); established connections only note a soft error. This is the wire
	 * pktpath models: between veth pairs the error can come back while connect() still
	 * holds the socket (sock_owned_by_user), and then it is only noted (sk_err_soft) and
	 * the SYN goes again after 1 s (measured on 6.18; tests/golden/nf-reject-drop pins
	 * the real side with a slow qdisc). */
	for (size_t i = 0; i < h->nsock; i++) {
		struct sock *s = h->socks[i];
		int e;

		if (s->gone || s->proto != PKT_PROTO_TCP || p->quoted_proto != PKT_PROTO_TCP ||
		    s->state != TCP_SYN_SENT || s->sport != sport || s->daddr != p->ack ||
		    s->dport != dport || p->sport != 3)
			continue;
		e = icmp_unreach_errno(p->dport, NULL);
		s->state = TCP_CLOSED;
		sock_q_clear(s);
		s->rto_armed = false;
		sock_emit_error(
			h, s, pkt_id, p, NULL, e,
			E_("ICMP destination unreachable about the SYN: connect() fails "
			   "(tcp_v4_err, SYN_SENT; between veth pairs the first error can come "
			   "back "
			   "while connect() still holds the socket: then it is only noted and the "
			   "SYN goes again)"));
		return;
	}
	for (size_t i = 0; i < h->nsock; i++) {
		struct sock *s = h->socks[i];
		struct trace_draft ev;

		if (s->gone || s->proto != PKT_PROTO_TCP || p->quoted_proto != PKT_PROTO_TCP ||
		    s->state == TCP_LISTEN || s->state == TCP_CLOSED || s->sport != sport ||
		    s->daddr != p->ack || s->dport != dport || p->sport != 3)
			continue;
		/* tcp_v4_err() on a synchronized connection without IP_RECVERR: sk_err_soft */
		s->err_soft = icmp_unreach_errno(p->dport, NULL);
		path_ev_init(&ev, h, TRACE_SOCK_DELIVER, pkt_id, p, NULL);
		sock_ev_name(&ev, s);
		ev.verdict = VERDICT_ICMP;
		path_ev_why(&ev,
			    E_("ICMP destination unreachable code %u: %s notes a soft error (%s), "
			       "given only if the connection times out"),
			    p->dport, s->name, errno_name(s->err_soft));
		path_ev_commit(h->sim, &ev);
		return;
	}
	{
		struct trace_draft ev;

		path_ev_init(&ev, h, TRACE_SOCK_DELIVER, pkt_id, p, NULL);
		ev.verdict = VERDICT_ICMP;
		if (p->sport == 3)
			path_ev_why(&ev,
				    E_("ICMP type %u code %u about %s:%u: no connected socket to "
				       "report it to"),
				    p->sport, p->dport, ip_str(p->ack), dport);
		else
			path_ev_why(
				&ev,
				E_("ICMP type %u code %u about %s:%u: pktpath hands sockets only "
				   "destination "
				   "unreachable errors (this one would be a soft EHOSTUNREACH)"),
				p->sport, p->dport, ip_str(p->ack), dport);
		path_ev_commit(h->sim, &ev);
	}
}

void sock_view(const struct host *h, const struct sock *s, struct sock_view *sv)
{
	sv->netid = s->proto == PKT_PROTO_TCP ? "tcp" : "udp";
	sv->state = s->proto == PKT_PROTO_TCP ? tcp_state_name(s->state)
					      : (s->connected ? "ESTAB" : "UNCONN");
	snprintf(sv->local, sizeof(sv->local), "%s:%u", s->saddr ? ip_str(s->saddr) : "0.0.0.0",
		 s->sport);
	if (s->daddr)
		snprintf(sv->peer, sizeof(sv->peer), "%s:%u", ip_str(s->daddr), s->dport);
	else
		snprintf(sv->peer, sizeof(sv->peer), "*:*");
	snprintf(sv->dev, sizeof(sv->dev), "%s",
		 s->bound_dev ? path_dev_name(h, s->bound_dev) : "*");
}

const struct sock *sock_named(const struct host *h, const char *name)
{
	const struct sock *closed = NULL;

	for (size_t i = h->nsock; i-- > 0;) {
		const struct sock *s = h->socks[i];

		if (strcmp(s->name, name) != 0)
			continue;
		if (!s->gone)
			return s;
		if (!closed)
			closed = s;
	}
	return closed;
}

void sock_list(struct host *h, struct strbuf *sb)
{
	strbuf_printf(sb, "%-6s %-11s %-10s %-21s %-21s %s\n", "Netid", "State", "Name",
		      "Local Address:Port", "Peer Address:Port", "Dev");
	for (size_t i = 0; i < h->nsock; i++) {
		const struct sock *s = h->socks[i];
		struct sock_view sv;

		if (s->gone && (s->state == TCP_CLOSED || s->proto == PKT_PROTO_UDP))
			continue;
		sock_view(h, s, &sv);
		strbuf_printf(sb, "%-6s %-11s %-10s %-21s %-21s %s\n", sv.netid, sv.state, s->name,
			      sv.local, sv.peer, sv.dev);
	}
}
