/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * icmp: the ICMP errors a router sends (ip_error, ip_forward's time exceeded) and the rate
 * limits every ICMP error and reply passes (ip_error's bucket, icmpv4_xrlim_allow), with
 * the per-address token buckets of struct inet_peer (docs/kernel.md D9).
 */
#include "base/i18n.h"
#include "path-int.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "mss.h"
#include "sock-int.h"
#include "sock.h"

/* inet_getpeer_v4(): the rate bucket of a remote address, made on first use */
static struct inet_peer *peer_get(struct host *h, uint32_t addr)
{
	struct inet_peer *p;

	for (size_t i = 0; i < h->npeer; i++)
		if (h->peers[i].addr == addr)
			return &h->peers[i];
	vec_reserve((void **)&h->peers, &h->peer_cap, h->npeer + 1, sizeof(*h->peers));
	p = &h->peers[h->npeer++];
	/* inet_getpeer(): no tokens, no redirects, as if idle for 60 s */
	memset(p, 0, sizeof(*p));
	p->addr = addr;
	p->rate_last = host_jiffies(h) - 60 * KERNEL_HZ;
	return p;
}

/* ip_error()'s own limit before its ICMP: one error per second (ip_rt_error_cost) to
 * each sender, five in a burst (ip_rt_error_burst) */
bool icmp_ip_error_allow(struct host *h, uint32_t saddr, char *why, size_t len)
{
	struct inet_peer *p = peer_get(h, saddr);
	int64_t now = host_jiffies(h);

	p->rate_tokens += now - p->rate_last;
	if (p->rate_tokens > 5 * KERNEL_HZ)
		p->rate_tokens = 5 * KERNEL_HZ;
	p->rate_last = now;
	if (p->rate_tokens >= KERNEL_HZ) {
		p->rate_tokens -= KERNEL_HZ;
		return true;
	}
	snprintf(why, len,
		 E_("ip_error() sends no ICMP: its limit of one error a second to %s (5 in a "
		    "burst) is used up, %lld ms of credit left"),
		 ip_str(saddr), (long long)p->rate_tokens * 1000 / KERNEL_HZ);
	return false;
}

/* icmpv4_xrlim_allow(): the types in icmp_ratemask (not "fragmentation needed"), to
 * anywhere but loopback, at most one per icmp_ratelimit to each destination, six in a
 * burst (inet_peer_xrlim_allow) */
bool icmp_xrlim_allow(struct host *h, const struct rtable *rt, const struct pkt *r, char *why,
		      size_t len)
{
	const struct nic *dev = host_nic_by_index_c(h, rt->dev);
	int64_t now, token, limit = h->icmp_ratelimit;
	struct inet_peer *p;

	if (r->sport > 18 || (r->sport == 3 && r->dport == 4) ||
	    !((1u << r->sport) & (unsigned)h->icmp_ratemask))
		return true;
	if (dev && dev->kind == NIC_LOOPBACK)
		return true;
	p = peer_get(h, r->dst);
	now = host_jiffies(h);
	token = p->rate_tokens + now - p->rate_last;
	p->rate_last = now;
	if (token > 6 * limit)
		token = 6 * limit;
	p->rate_tokens = token;
	if (token >= limit) {
		p->rate_tokens = token - limit;
		return true;
	}
	snprintf(why, len,
		 E_("icmp_ratelimit: one ICMP error per %lld ms to %s (six in a burst), %lld ms of "
		    "credit left: not sent"),
		 host_sysctl_shown(h, &h->icmp_ratelimit), ip_str(r->dst),
		 (long long)token * 1000 / KERNEL_HZ);
	return false;
}

/* icmp_send() about a packet this host was forwarding (ip_forward's too_many_hops,
 * ip_error): type and code, the source chosen by the route back (saddr 0: the packet was
 * not addressed to us), the offending header quoted. icmp_send never answers an ICMP
 * error, nor a packet from or to a broadcast or multicast address. Rate limits: ip_error
 * (burst 5, cost 1 s) and icmp_ratelimit (1 s, burst 6) draw on the same inet_peer
 * bucket of the sender, so an unreachable costs two tokens and back to back the third
 * error to one sender is not sent (icmp_ip_error_allow, icmp_xrlim_allow). */
void icmp_router_error(struct host *h, const struct nic *in, int pkt_id, const struct pkt *p,
		       uint16_t type, uint16_t code, const char *what)
{
	icmp_router_error_info(h, in, pkt_id, p, type, code, 0, what);
}

void icmp_router_error_info(struct host *h, const struct nic *in, int pkt_id, const struct pkt *p,
			    uint16_t type, uint16_t code, uint32_t info, const char *what)
{
	struct pkt r;

	/* icmp_send(): never about an ICMP error, nor about a fragment but the first */
	if (pkt_later_frag(p) || (p->proto == PKT_PROTO_ICMP && p->sport != 0 && p->sport != 8))
		return;
	if (!p->src || p->src == 0xffffffffu || (p->src & 0xf0000000u) == 0xe0000000u ||
	    p->dst == 0xffffffffu || (p->dst & 0xf0000000u) == 0xe0000000u)
		return;
	memset(&r, 0, sizeof(r));
	r.proto = PKT_PROTO_ICMP;
	r.sport = type;
	r.dport = code;
	/* icmp_send(): saddr 0 (the route back picks it), or with
	 * icmp_errors_use_inbound_ifaddr an address of the NIC the packet came in on */
	r.src = in && h->icmp_errors_inbound ? inet_select_addr(h, in, p->src, RT_SCOPE_LINK) : 0;
	r.dst = p->src;
	r.icmp_mtu = info;
	pkt_quote(&r, p);
	path_kernel_reply(h, pkt_id, p, &r, what);
}

/* ---- redirects ---- */

/* ip_rt_send_redirect(): the router forwards a packet back out of the device it came in
 * on, to a next hop the sender could reach itself (RTCF_DOREDIRECT, D9): it tells the
 * sender, at most as often as the peer's backoff allows (the first at once, then after
 * 2, 4, 8… jiffies times ip_rt_redirect_load, none after nine ignored ones, the count
 * starting over after ip_rt_redirect_silence without redirected packets). */
void icmp_send_redirect(struct host *h, int pkt_id, const struct pkt *p, const struct rtable *rt)
{
	const int64_t load = KERNEL_HZ / 50, silence = (int64_t)(KERNEL_HZ / 50) << 10;
	struct inet_peer *peer = peer_get(h, p->src);
	int64_t now = host_jiffies(h);
	struct pkt r;
	char what[160];

	if (now > peer->rate_last + silence) {
		peer->rate_tokens = 0;
		peer->n_redirects = 0;
	}
	if (peer->n_redirects >= 9) {
		peer->rate_last = now;
		return;
	}
	if (peer->n_redirects != 0 && now <= peer->rate_last + (load << peer->n_redirects))
		return;
	peer->rate_last = now;
	peer->n_redirects++;
	/* icmp_send()'s own checks: never about an ICMP error or a broadcast */
	if (p->proto == PKT_PROTO_ICMP && p->sport != 0 && p->sport != 8)
		return;
	memset(&r, 0, sizeof(r));
	r.proto = PKT_PROTO_ICMP;
	r.sport = 5; /* redirect */
	r.dport = 1; /* for the host */
	if (h->icmp_errors_inbound) {
		const struct nic *in = host_nic_by_index_c(h, rt->iif);

		r.src = in ? inet_select_addr(h, in, p->src, RT_SCOPE_LINK) : 0;
	}
	r.icmp_gw = rt->uses_gw ? rt->gw : p->dst;
	r.dst = p->src;
	pkt_quote(&r, p);
	snprintf(what, sizeof(what),
		 E_("ICMP redirect: %s is reachable from the sender's own link via %s (the packet "
		    "leaves by the NIC it came in on, send_redirects=1)"),
		 ip_str(p->dst), ip_str(r.icmp_gw));
	path_kernel_reply(h, pkt_id, p, &r, what);
}

/* Does the ICMP error quote an echo request (a ping's)? */
static bool quotes_echo(const struct pkt *p)
{
	return p->quoted_proto == PKT_PROTO_ICMP && p->seq == (8u << 16);
}

/* The socket of the packet an ICMP error arriving on n quotes (a redirect,
 * "fragmentation needed": saddr ours, daddr, ports), as udp_err, tcp_v4_err and
 * raw_icmp_error look for one; NULL when none (a ping is its own raw socket: *ping is
 * set, unless the ping is bound to another device: raw_v4_match) */
static struct sock *icmp_err_sock(struct host *h, const struct nic *n, const struct pkt *p,
				  bool *ping)
{
	uint16_t sport = (uint16_t)(p->seq >> 16), dport = (uint16_t)(p->seq & 0xffff);

	*ping = quotes_echo(p) && (!h->ping_dev || h->ping_dev == n->ifindex);
	for (size_t i = 0; i < h->nsock; i++) {
		struct sock *s = h->socks[i];

		if (s->gone || s->proto != p->quoted_proto || s->sport != sport)
			continue;
		if (s->proto == PKT_PROTO_UDP && (!s->rcv_saddr || s->rcv_saddr == p->dst) &&
		    (!s->connected || (s->daddr == p->ack && s->dport == dport)))
			return s;
		if (s->proto == PKT_PROTO_TCP && s->state != TCP_LISTEN && s->state != TCP_CLOSED &&
		    s->daddr == p->ack && s->dport == dport && s->saddr == p->dst)
			return s;
	}
	return NULL;
}

/* The device a ping is bound to when the error on n quotes that ping's echo but arrives
 * on another NIC (raw_v4_match: the raw socket hears nothing there), else NULL */
static const char *ping_bound_elsewhere(const struct host *h, const struct nic *n,
					const struct pkt *p)
{
	const struct nic *b;

	if (!quotes_echo(p) || !h->ping_dev || h->ping_dev == n->ifindex)
		return NULL;
	b = host_nic_by_index_c(h, h->ping_dev);
	return b ? b->name : "?";
}

/* __ip_do_redirect()'s refusals, or NULL when the redirect is acceptable */
static const char *redirect_refused(struct host *h, const struct nic *n, const struct pkt *p,
				    const struct rtable *rt)
{
	uint32_t gw = p->icmp_gw;

	if (!rt->uses_gw || rt->gw != p->src)
		return E_("it does not come from the gateway the route uses");
	if (gw == p->src)
		return E_("it names the same gateway");
	/* IN_DEV_RX_REDIRECTS(): all or the NIC for a host, all and the NIC for a router */
	if (!nic_conf(h, n, DEVCONF_FORWARDING) && !h->conf_all[DEVCONF_ACCEPT_REDIRECTS] &&
	    !n->conf[DEVCONF_ACCEPT_REDIRECTS])
		return E_("accept_redirects=0 (all and the receiving NIC)");
	if (nic_conf(h, n, DEVCONF_FORWARDING) &&
	    !(h->conf_all[DEVCONF_ACCEPT_REDIRECTS] && n->conf[DEVCONF_ACCEPT_REDIRECTS]))
		return E_("a router (forwarding=1) takes redirects only with accept_redirects=1 in "
			  "all and on the NIC");
	if ((gw & 0xf0000000u) == 0xe0000000u || gw == 0xffffffffu || (gw & 0xff000000u) == 0)
		return E_("the new gateway is a multicast, broadcast or zero address");
	/* shared_media=1 (the default): the new gateway must be an ordinary address */
	if (inet_addr_type_table(h, gw, RT_TABLE_LOCAL) != RTN_UNICAST)
		return E_("the new gateway is not a unicast address (one of ours, or a broadcast)");
	return NULL;
}

/* icmp_redirect() → the socket's error handler → ipv4_sk_redirect() (UDP, raw) or
 * do_redirect() (TCP) → __ip_do_redirect(): a route exception for the quoted
 * destination, once the new gateway's neighbour entry is valid (else only an ARP
 * request goes out and the redirect is forgotten). */
void icmp_redirect_rcv(struct host *h, struct nic *n, int pkt_id, const struct pkt *p)
{
	struct trace_draft ev;
	struct flow fl = { 0 };
	struct rtable rt;
	struct fib_result res;
	struct neigh *ne;
	bool ping;
	struct sock *s = icmp_err_sock(h, n, p, &ping);
	const char *no = NULL;
	uint32_t gw = p->icmp_gw;

	path_ev_init(&ev, h, TRACE_SOCK_DELIVER, pkt_id, p, NULL);
	snprintf(ev.iif, sizeof(ev.iif), "%s", n->name);
	ev.verdict = VERDICT_ICMP;
	if (!s && !ping) {
		const char *dev = ping_bound_elsewhere(h, n, p);

		if (dev)
			path_ev_why(
				&ev,
				E_("ICMP redirect for %s via %s: the ping that sent the quoted "
				   "packet is bound to %s and hears only errors that arrive there "
				   "(raw_v4_match), so it is ignored"),
				ip_str(p->ack), ip_str(gw), dev);
		else
			path_ev_why(&ev,
				    E_("ICMP redirect for %s via %s: no socket sent the quoted "
				       "packet, so no protocol handler takes it and it is ignored"),
				    ip_str(p->ack), ip_str(gw));
		path_ev_commit(h->sim, &ev);
		return;
	}
	if (s)
		snprintf(ev.sock, sizeof(ev.sock), "%s", s->name);
	if (s && s->proto == PKT_PROTO_TCP) {
		/* do_redirect(): the socket's cached route, if it is still valid */
		if (!s->dst_ok || s->dst_genid != h->rt_genid) {
			no = E_("the socket's cached route is stale");
		} else {
			memset(&rt, 0, sizeof(rt));
			rt.uses_gw = s->dst.uses_gw;
			rt.gw = s->dst.gw;
			rt.dev = s->dst.dev;
		}
	}
	/* the flow of the quoted packet (__build_flow_key: no ports; the socket's device) */
	fl.daddr = p->ack;
	fl.saddr = p->dst;
	fl.oif = s ? s->bound_dev : h->ping_dev;
	fl.proto = s ? s->proto : PKT_PROTO_ICMP;
	fl.anysrc = true;
	if (!no && !(s && s->proto == PKT_PROTO_TCP) && fib_route_output(h, &fl, &rt) != 0)
		no = E_("no route to the quoted destination");
	if (!no)
		no = redirect_refused(h, n, p, &rt);
	if (no) {
		path_ev_why(&ev, E_("ICMP redirect for %s via %s from %s ignored: %s"),
			    ip_str(p->ack), ip_str(gw), ip_str(p->src), no);
		path_ev_commit(h->sim, &ev);
		return;
	}
	ne = neigh_lookup(h, rt.dev, gw);
	if (!ne || !(ne->state & NUD_VALID)) {
		path_ev_why(
			&ev,
			E_("ICMP redirect for %s via %s: %s has no valid neighbour entry yet, so "
			   "the kernel only asks for it (ARP) and forgets the redirect"),
			ip_str(p->ack), ip_str(gw), ip_str(gw));
		path_ev_commit(h->sim, &ev);
		neigh_event_send(h, host_nic_by_index(h, rt.dev), gw, 0);
		return;
	}
	fl.daddr = p->ack;
	fl.saddr = p->dst;
	fl.iif = LOOPBACK_IFINDEX;
	if (fib_lookup(h, &fl, &res, 0) != 0 || !res.route) {
		path_ev_why(&ev, E_("ICMP redirect for %s via %s: no route to attach it to"),
			    ip_str(p->ack), ip_str(gw));
		path_ev_commit(h->sim, &ev);
		return;
	}
	if (host_fnhe_update(h, res.route, &res.nh, rt.dev, p->ack, gw, 0, false,
			     host_jiffies(h) + 300 * KERNEL_HZ)) {
		/* a new exception: cached routes of that nexthop look again */
		for (size_t i = 0; i < h->nsock; i++)
			h->socks[i]->dst_ok = false;
	}
	if (s && s->proto == PKT_PROTO_TCP)
		s->dst_ok = false; /* kill_route */
	path_ev_why(&ev,
		    E_("ICMP redirect accepted: packets to %s now go via %s, not %s (a route "
		       "exception on that route for 300 s: ip route get shows <redirected>)"),
		    ip_str(p->ack), ip_str(gw), ip_str(p->src));
	path_ev_commit(h->sim, &ev);
}

/* ---- path MTU discovery ---- */

/* __ip_rt_update_pmtu() for the flow of route rt: the route exception a "fragmentation
 * needed" leaves, unless the MTU is locked or not lower. Returns a sentence on what it
 * did into why. */
static void rt_update_pmtu(struct host *h, struct flow *fl, const struct rtable *rt, unsigned mtu,
			   char *why, size_t len)
{
	struct path_route pr;
	struct fib_result res;
	unsigned old;
	bool lock = false;
	int64_t now = host_jiffies(h);

	path_route_from_rtable(h, rt, &pr);
	if (pr.mtu_locked || pr.pmtu_locked) {
		snprintf(why, len, E_("the route's MTU is locked: nothing changes"));
		return;
	}
	old = mss_route_mtu(h, &pr);
	if (old < mtu) {
		snprintf(why, len, E_("the route's MTU %u is already lower: nothing changes"), old);
		return;
	}
	if (mtu < (unsigned)h->route_min_pmtu) { /* ip_rt_min_pmtu */
		lock = true;
		mtu = old < (unsigned)h->route_min_pmtu ? old : (unsigned)h->route_min_pmtu;
	}
	if (pr.pmtu == mtu && !lock && now < rt->expires - h->route_mtu_expires / 2) {
		snprintf(why, len, E_("the route already has path MTU %u: nothing changes"), mtu);
		return;
	}
	if (fib_lookup(h, fl, &res, 0) != 0 || !res.route) {
		snprintf(why, len, E_("no route to attach the path MTU to"));
		return;
	}
	if (host_fnhe_update(h, res.route, &res.nh, rt->dev, fl->daddr, 0, mtu, lock,
			     now + h->route_mtu_expires))
		for (size_t i = 0; i < h->nsock; i++)
			h->socks[i]->dst_ok = false;
	if (lock)
		snprintf(why, len,
			 E_("a route exception for %s: mtu lock %u for %d s (below min_pmtu %d, so "
			    "the path MTU is locked at it and packets to %s go without DF)"),
			 ip_str(fl->daddr), mtu, h->route_mtu_expires / KERNEL_HZ,
			 h->route_min_pmtu, ip_str(fl->daddr));
	else
		snprintf(why, len,
			 E_("a route exception for %s: mtu %u for %d s (ip route get shows it)"),
			 ip_str(fl->daddr), mtu, h->route_mtu_expires / KERNEL_HZ);
}

void icmp_frag_needed_rcv(struct host *h, struct nic *n, int pkt_id, const struct pkt *p)
{
	struct trace_draft ev;
	struct flow fl = { 0 };
	struct rtable rt;
	bool ping;
	struct sock *s = icmp_err_sock(h, n, p, &ping);
	char what[512];

	path_ev_init(&ev, h, TRACE_SOCK_DELIVER, pkt_id, p, NULL);
	snprintf(ev.iif, sizeof(ev.iif), "%s", n->name);
	ev.verdict = VERDICT_ICMP;
	if ((!s && !ping) || (s && s->proto == PKT_PROTO_TCP && s->state == TCP_LISTEN)) {
		const char *dev = s ? NULL : ping_bound_elsewhere(h, n, p);

		if (dev)
			path_ev_why(
				&ev,
				E_("ICMP fragmentation needed for %s (MTU %u): the ping that sent "
				   "the quoted packet is bound to %s and hears only errors that "
				   "arrive there (raw_v4_match), so the path MTU is not learnt"),
				ip_str(p->ack), p->icmp_mtu, dev);
		else
			path_ev_why(&ev,
				    E_("ICMP fragmentation needed for %s (MTU %u): no socket sent "
				       "the quoted packet, so the path MTU is not learnt"),
				    ip_str(p->ack), p->icmp_mtu);
		path_ev_commit(h->sim, &ev);
		return;
	}
	if (s)
		snprintf(ev.sock, sizeof(ev.sock), "%s", s->name);
	/* ipv4_sk_update_pmtu() / inet_csk_update_pmtu(): the socket's flow */
	fl.daddr = p->ack;
	fl.saddr = p->dst;
	fl.oif = s ? s->bound_dev : h->ping_dev;
	fl.proto = s ? s->proto : PKT_PROTO_ICMP;
	fl.anysrc = true;
	if (s && !path_pmtudisc_accepts((enum path_pmtudisc)s->pmtudisc))
		/* ipv4_sk_update_pmtu(): !ip_sk_accept_pmtu() */
		snprintf(
			what, sizeof(what),
			E_("the socket's %s ignores it (ip_sk_accept_pmtu): no path MTU is learnt"),
			path_pmtudisc_name((enum path_pmtudisc)s->pmtudisc));
	else if (fib_route_output(h, &fl, &rt) != 0)
		snprintf(what, sizeof(what), E_("no route to the quoted destination"));
	else
		rt_update_pmtu(h, &fl, &rt, p->icmp_mtu, what, sizeof(what));
	path_ev_why(&ev, E_("ICMP fragmentation needed for %s, next-hop MTU %u, from %s: %s"),
		    ip_str(p->ack), p->icmp_mtu, ip_str(p->src), what);
	path_ev_commit(h->sim, &ev);
	if (s && s->proto == PKT_PROTO_TCP)
		s->dst_ok = false;
	/* udp_err(): EMSGSIZE is a hard error, which only a connected socket reports, and
	 * not in IP_PMTUDISC_DONT */
	if (s && s->proto == PKT_PROTO_UDP && s->connected && s->pmtudisc != PMTUDISC_DONT)
		sock_emit_error(h, s, pkt_id, p, NULL, EMSGSIZE,
				E_("ICMP fragmentation needed: a connected UDP socket reports "
				   "EMSGSIZE"));
}
