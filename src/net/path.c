/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * path: see path.h. The functions follow the kernel's (Linux 6.12): ip_finish_output2
 * and neigh_resolve_output for output, arp_solicit/arp_process for ARP (docs/kernel.md D7),
 * br_handle_frame/br_flood for bridges, ip_rcv_core (D1) and ip_route_input_slow (D3,
 * D4, via fib_route_input) for input, icmp_reply/tcp_v4_send_reset for kernel-made
 * packets (D8).
 *
 * Not here: the neighbour table and ARP (arp.c); sockets and TCP (sock.c); the netfilter hooks are called here (ct_hook:
 * OUTPUT, reroute, POSTROUTING, PREROUTING, INPUT, FORWARD) but live in ct.c/nf.c.
 * Rejected alternative: recursion from NIC to NIC. A job queue ordered by simulated time
 * keeps the trace in the order a capture on every NIC would show, and makes "which ARP
 * reply is first" a property of the topology, not of the call stack.
 */
#include "base/i18n.h"
#include "path-int.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mss.h"
#include "rtnames.h"
#include "ct.h"
#include "sock.h"

const uint8_t path_mac_bcast[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };

/* ---- events ---- */

void path_ev_init(struct trace_draft *ev, const struct host *h, enum trace_stage st, int pkt_id,
		  const struct pkt *p, const enum origin *from)
{
	memset(ev, 0, sizeof(*ev));
	ev->stage = st;
	ev->pkt_id = pkt_id;
	ev->host = h->index;
	ev->quiet = !h->sim->trace || h->sim->trace->count_only;
	if (!ev->quiet)
		snprintf(ev->host_name, sizeof(ev->host_name), "%s", h->name);
	if (p)
		ev->pkt = *p;
	if (from)
		memcpy(ev->from, from, sizeof(ev->from));
	ev->time_us = h->sim->now_us;
}

void path_ev_why(struct trace_draft *ev, const char *fmt, ...)
{
	va_list ap;

	if (ev->quiet)
		return;
	va_start(ap, fmt);
	vsnprintf(ev->why, sizeof(ev->why), fmt, ap);
	va_end(ap);
}

void path_ev_commit(struct sim *sim, const struct trace_draft *ev)
{
	if (sim->trace)
		trace_add(sim->trace, ev);
}

int path_new_pkt_id(struct sim *sim)
{
	return ++sim->next_pkt_id;
}

const char *path_dev_name(const struct host *h, int ifindex)
{
	const struct nic *n = host_nic_by_index_c(h, ifindex);

	return n ? n->name : "?";
}

void path_route_desc(const struct host *h, const struct rtable *rt, struct strbuf *sb)
{
	char tb[32];

	if (!rt->res.route) {
		strbuf_printf(sb, E_("no route: dev %s assumed on-link (SO_BINDTODEVICE, B3.3)"),
			      path_dev_name(h, rt->dev));
		return;
	}
	{
		struct strbuf r;

		strbuf_init(&r);
		fmt_route(h, rt->res.route, false, &r);
		/* a multipath route: its first line, the paths are told below */
		if (strchr(r.buf, '\n'))
			r.len = (size_t)(strchr(r.buf, '\n') - r.buf);
		while (r.len > 0 && r.buf[r.len - 1] == ' ')
			r.len--;
		r.buf[r.len] = '\0';
		strbuf_printf(sb, E_("route \"%s\" (table %s"), r.buf,
			      rt_table_name(rt->res.route->table, tb, sizeof(tb)));
		strbuf_release(&r);
	}
	if (h->custom_rules && rt->rule_idx >= 0 && (size_t)rt->rule_idx < h->nrules)
		strbuf_printf(sb, E_(", rule %u"), h->rules[rt->rule_idx].pref);
	strbuf_puts(sb, ")");
	if (rt->res.route->nhid)
		strbuf_printf(sb, E_(", nexthop object %u"), rt->res.route->nhid);
	if (rt->res.route->mp || route_nnh(h, rt->res.route) > 1) {
		const struct fib_result *res = &rt->res;

		strbuf_printf(sb, E_(", path %d of %d (via %s dev %s) "), res->nh_sel + 1,
			      route_nnh(h, res->route), ip_str(res->nh.gw),
			      path_dev_name(h, res->nh.oif));
		if (res->mp_chosen)
			strbuf_printf(sb, E_("picked by the multipath hash (policy %d)"),
				      h->mp_hash_policy);
		else
			strbuf_puts(sb, E_("on the device the flow names"));
	}
}

void path_route_key(const struct host *h, const struct rtable *rt, struct trace_route *k)
{
	const struct route *r = rt->res.route;

	memset(k, 0, sizeof(*k));
	if (!r)
		return;
	k->set = true;
	k->table = r->table;
	k->dst = r->dst;
	k->plen = r->plen;
	k->tos = r->tos;
	k->type = r->type;
	k->priority = r->priority;
	k->gw = r->gw;
	k->oif = r->oif;
	if (h->custom_rules && rt->rule_idx >= 0 && (size_t)rt->rule_idx < h->nrules) {
		k->has_rule = true;
		k->rule_pref = h->rules[rt->rule_idx].pref;
	}
}

void path_route_from_rtable(const struct host *h, const struct rtable *rt, struct path_route *out)
{
	out->type = rt->type;
	out->dev = rt->dev;
	out->uses_gw = rt->uses_gw;
	out->gw = rt->gw;
	out->mtu = rt->res.route ? rt->res.route->mtu : 0;
	out->advmss = rt->res.route ? rt->res.route->advmss : 0;
	out->mtu_locked = rt->res.route && (rt->res.route->locks & ROUTE_LOCK_MTU);
	/* ipv4_mtu(): an expired exception's MTU no longer counts */
	out->pmtu = rt->pmtu && rt->expires > host_jiffies(h) ? (uint16_t)rt->pmtu : 0;
	out->pmtu_locked = out->pmtu && rt->pmtu_locked;
	path_route_key(h, rt, &out->match);
}

/* ---- L2: NICs, veth wires, bridges ---- */

static void frame_rx(struct host *h, struct nic *n, int pkt_id, struct pkt *p,
		     const enum origin *from, bool via_lo, const char *sock);

static void ev_set_peer(struct trace_draft *ev, const struct host *h, const struct nic *n)
{
	struct host *ph = NULL;
	const struct nic *pn = nic_peer(h, n, &ph);

	if (n->kind == NIC_VETH && ph) {
		snprintf(ev->peer_host, sizeof(ev->peer_host), "%s", ph->name);
		snprintf(ev->peer_if, sizeof(ev->peer_if), "%s", pn ? pn->name : "?");
	}
}

/* A frame of len bytes sent (tx) or taken (rx) by n: its counters */
static void nic_count(struct nic *n, bool tx, unsigned len)
{
	if (tx) {
		n->tx_packets++;
		n->tx_bytes += len;
	} else {
		n->rx_packets++;
		n->rx_bytes += len;
	}
}

/* The frame leaves NIC n onto its wire (veth: the peer receives it PATH_WIRE_US later). */
static void wire_send(struct host *h, struct nic *n, int pkt_id, const struct pkt *p,
		      const enum origin *from, const char *sock)
{
	struct path_job j;
	struct nic *peer;

	if (n->kind != NIC_VETH || !nic_carrier(h, n))
		return;
	/* veth_xmit() counts the frame sent; the peer's rx is what this one sent
	 * (veth_get_stats64) */
	nic_count(n, true, pkt_frame_len(p));
	peer = nic_peer(h, n, NULL);
	if (peer)
		nic_count(peer, false, pkt_frame_len(p));
	memset(&j, 0, sizeof(j));
	j.kind = JOB_RX;
	j.t = h->sim->now_us + PATH_WIRE_US;
	j.host = n->peer_host;
	j.ifindex = n->peer_ifindex;
	j.pkt_id = pkt_id;
	j.pkt = *p;
	memcpy(j.from, from, sizeof(j.from));
	snprintf(j.sock, sizeof(j.sock), "%s", sock ? sock : "");
	path_job_add(h->sim, &j);
}

static struct fdb_entry *fdb_find(struct host *h, int br, const uint8_t *mac)
{
	for (size_t i = 0; i < h->nfdb; i++)
		if (h->fdb[i].bridge == br && memcmp(h->fdb[i].mac, mac, 6) == 0)
			return &h->fdb[i];
	return NULL;
}

/* br_forward / br_flood: one wire event per egress port. in_port 0 = from the bridge
 * device itself (the host's own stack). Flood order is the bridge's port list, where
 * br_add_if() inserts each new port at the head: the port enslaved last goes first.
 * With equal wire latencies that decides which ARP reply arrives first (D7, P6). */
static void bridge_forward(struct host *h, struct nic *br, int in_port, int pkt_id,
			   const struct pkt *p, const enum origin *from, const char *sock)
{
	int brif = br->ifindex;
	bool bcast = memcmp(p->dst_mac, path_mac_bcast, 6) == 0;
	struct fdb_entry *fe = bcast ? NULL : fdb_find(h, brif, p->dst_mac);
	char m[18];
	uint64_t below = UINT64_MAX;

	mac_fmt(p->dst_mac, m);
	for (;;) {
		struct nic *port = NULL;
		struct trace_draft ev;

		/* the next port in list order: the largest master_seq below the last one */
		for (size_t i = 0; i < h->nnic; i++) {
			struct nic *c = &h->nics[i];

			if (c->master == brif && c->master_seq < below &&
			    (!port || c->master_seq > port->master_seq))
				port = c;
		}
		if (!port)
			break;
		below = port->master_seq;
		if (port->ifindex == in_port || !port->up)
			continue;
		if (fe && fe->port != port->ifindex)
			continue;
		path_ev_init(&ev, h, TRACE_WIRE, pkt_id, p, from);
		snprintf(ev.iif, sizeof(ev.iif), "%s",
			 in_port ? path_dev_name(h, in_port) : br->name);
		snprintf(ev.oif, sizeof(ev.oif), "%s", port->name);
		ev.verdict = fe ? VERDICT_FORWARD : VERDICT_FLOOD;
		ev_set_peer(&ev, h, port);
		if (fe)
			path_ev_why(&ev, E_("bridge %s: %s was learned on port %s"), br->name, m,
				    port->name);
		else if (bcast)
			path_ev_why(&ev,
				    E_("bridge %s: broadcast goes to every other port (newest port "
				       "first)"),
				    br->name);
		else
			path_ev_why(
				&ev,
				E_("bridge %s: %s not learned yet, flooded to every other port"),
				br->name, m);
		path_ev_commit(h->sim, &ev);
		wire_send(h, port, pkt_id, p, from, sock);
	}
}

/* dev_queue_xmit on NIC n: the frame has its MACs. */
void path_nic_xmit(struct host *h, struct nic *n, int pkt_id, struct pkt *p,
		   const enum origin *from, const char *sock, const char *why)
{
	struct trace_draft ev;
	bool ok = n->up && nic_carrier(h, n);

	path_ev_init(&ev, h, TRACE_NIC_TX, pkt_id, p, from);
	snprintf(ev.oif, sizeof(ev.oif), "%s", n->name);
	snprintf(ev.sock, sizeof(ev.sock), "%s", sock ? sock : "");
	if (!ok) {
		ev.stage = TRACE_DROP;
		ev.verdict = VERDICT_DROP;
		path_ev_why(&ev, E_("%s has no carrier (NO-CARRIER): the frame is lost"), n->name);
		path_ev_commit(h->sim, &ev);
		return;
	}
	ev.verdict = VERDICT_SENT;
	ev_set_peer(&ev, h, n);
	path_ev_why(&ev, "%s", why);
	path_ev_commit(h->sim, &ev);
	if (n->kind == NIC_BRIDGE) {
		nic_count(n, true, pkt_frame_len(p)); /* br_dev_xmit() */
		bridge_forward(h, n, 0, pkt_id, p, from, sock);
		return;
	}
	if (n->kind == NIC_LOOPBACK) {
		struct path_job j;

		/* loopback_xmit() counts once, after eth_type_trans() took the header off:
		 * lo's rx and tx are the same */
		nic_count(n, true, pkt_frame_len(p) - 14);
		nic_count(n, false, pkt_frame_len(p) - 14);

		memset(&j, 0, sizeof(j));
		j.kind = JOB_RX;
		j.t = h->sim->now_us + 1;
		j.host = h->index;
		j.ifindex = n->ifindex;
		j.via_lo = true;
		j.pkt_id = pkt_id;
		j.pkt = *p;
		memcpy(j.from, from, sizeof(j.from));
		path_job_add(h->sim, &j);
		return;
	}
	wire_send(h, n, pkt_id, p, from, sock);
}

/* ---- IP output ---- */

/* ip_route_me_harder() (E1): a new output lookup that keeps the packet's source
 * (FLOWI_FLAG_ANYSRC), with its current mark and destination. */
static int nf_reroute(struct host *h, struct path_route *rt, int pkt_id, struct pkt *p,
		      enum origin *from, const char *sock)
{
	struct flow fl = { 0 };
	struct rtable nrt;
	struct trace_draft ev;
	struct sock *sk = sock && sock[0] ? sock_find(h, sock) : NULL;
	struct strbuf sb;
	int rc;

	fl.daddr = p->dst;
	fl.saddr = p->src;
	fl.mark = p->mark;
	/* ip_route_me_harder(): protocol and ports only from the flow dissector */
	if (fib_rules_dissect(h))
		flow_set_l4_in(&fl, p->proto, p->sport, p->dport);
	fl.anysrc = true;
	fl.oif = sk ? sk->bound_dev : 0;
	rc = fib_route_output(h, &fl, &nrt);
	path_ev_init(&ev, h, TRACE_REROUTE, pkt_id, p, from);
	snprintf(ev.sock, sizeof(ev.sock), "%s", sock ? sock : "");
	if (rc) {
		ev.stage = TRACE_DROP;
		ev.err = -rc;
		ev.verdict = VERDICT_DROP;
		path_ev_why(&ev,
			    E_("reroute after netfilter (ip_route_me_harder): no route to %s (%s)"),
			    ip_str(p->dst), errno_name(rc));
		path_ev_commit(h->sim, &ev);
		return rc;
	}
	strbuf_init(&sb);
	path_route_desc(h, &nrt, &sb);
	path_route_key(h, &nrt, &ev.route);
	snprintf(ev.oif, sizeof(ev.oif), "%s", path_dev_name(h, nrt.dev));
	ev.verdict = VERDICT_ACCEPT;
	if (nrt.dev != rt->dev)
		from[FIELD_OIF] = ORIGIN_ROUTE;
	ev.from[FIELD_OIF] = from[FIELD_OIF];
	path_ev_why(&ev,
		    E_("reroute (ip_route_me_harder, mark 0x%x): %s; %s; the src %s is kept "
		       "(FLOWI_FLAG_ANYSRC, E1)"),
		    p->mark, sb.buf,
		    nrt.dev != rt->dev ? E_("the packet moves to another NIC") : E_("same NIC"),
		    ip_str(p->src));
	path_ev_commit(h->sim, &ev);
	strbuf_release(&sb);
	path_route_from_rtable(h, &nrt, rt);
	return 0;
}

static void ip_finish_output(struct host *h, const struct path_route *rt, int pkt_id, struct pkt *p,
			     const enum origin *from, const char *sock, bool fwd);

/* ip_select_ttl(): no IP_TTL on the socket, no hoplimit metric: ip_default_ttl. The
 * header is built before LOCAL_OUT, so netfilter sees (and -j TTL changes) this TTL. */
static void ip_select_ttl(const struct host *h, struct pkt *p)
{
	if (p->ttl == 0)
		p->ttl = (uint8_t)(h->ip_default_ttl >= 1 && h->ip_default_ttl <= 255
					   ? h->ip_default_ttl
					   : 64);
}

static const char *const pmtudisc_words[PMTUDISC__COUNT] = {
	[PMTUDISC_WANT] = "want",   [PMTUDISC_DONT] = "dont",		[PMTUDISC_DO] = "do",
	[PMTUDISC_PROBE] = "probe", [PMTUDISC_INTERFACE] = "interface", [PMTUDISC_OMIT] = "omit",
};
static const char *const pmtudisc_names[PMTUDISC__COUNT] = {
	[PMTUDISC_WANT] = "IP_PMTUDISC_WANT",
	[PMTUDISC_DONT] = "IP_PMTUDISC_DONT",
	[PMTUDISC_DO] = "IP_PMTUDISC_DO",
	[PMTUDISC_PROBE] = "IP_PMTUDISC_PROBE",
	[PMTUDISC_INTERFACE] = "IP_PMTUDISC_INTERFACE",
	[PMTUDISC_OMIT] = "IP_PMTUDISC_OMIT",
};

const char *path_pmtudisc_word(enum path_pmtudisc m)
{
	return (unsigned)m < PMTUDISC__COUNT ? pmtudisc_words[m] : "?";
}

const char *path_pmtudisc_name(enum path_pmtudisc m)
{
	return (unsigned)m < PMTUDISC__COUNT ? pmtudisc_names[m] : "?";
}

bool path_pmtudisc_accepts(enum path_pmtudisc m)
{
	return m != PMTUDISC_INTERFACE && m != PMTUDISC_OMIT;
}

unsigned path_pmtudisc_apply(const struct host *h, enum path_pmtudisc m,
			     const struct path_route *rt, struct pkt *p, bool *refuse)
{
	/* ip_sk_use_pmtu(): the path MTU below IP_PMTUDISC_PROBE */
	bool use_pmtu = m == PMTUDISC_WANT || m == PMTUDISC_DONT || m == PMTUDISC_DO;
	unsigned pmtu = mss_route_mtu(h, rt);
	unsigned mtu = use_pmtu ? pmtu : mss_dev_mtu(h, rt->dev);
	/* ip_dont_fragment(): do, or want where the route does not lock its MTU */
	bool dont_frag =
		m == PMTUDISC_DO || (m == PMTUDISC_WANT && !rt->mtu_locked && !rt->pmtu_locked);

	p->dev_mtu = !use_pmtu;
	if (p->proto == PKT_PROTO_TCP) /* ip_queue_xmit() */
		p->df = dont_frag;
	else /* __ip_make_skb(): do and probe always; else only what fits the path MTU */
		p->df = m == PMTUDISC_DO || m == PMTUDISC_PROBE ||
			(dont_frag && pkt_ip_len(p) <= pmtu);
	/* ip_append_data(): !ip_sk_ignore_df() (do, probe, interface) builds no fragments */
	*refuse = (m == PMTUDISC_DO || m == PMTUDISC_PROBE || m == PMTUDISC_INTERFACE) &&
		  pkt_ip_len(p) > mtu;
	return mtu;
}

/* Locally generated packets after the routing decision: NF LOCAL_OUT, reroute,
 * NF POSTROUTING (E1), then ip_finish_output. */
int path_ip_output(struct host *h, const struct path_route *rt_in, int pkt_id, struct pkt *p,
		   const enum origin *from_in, const char *sock, const struct nf_owner *owner)
{
	struct path_route rt = *rt_in;
	enum origin from[FIELD__COUNT];
	struct nf_skb skb = { 0 };
	int rc;

	skb.owner = owner;
	skb.dst = &rt;
	memcpy(from, from_in, sizeof(from));
	ip_select_ttl(h, p);
	/* DF: a socket's packet has it from its IP_MTU_DISCOVER (path_pmtudisc_apply), the
	 * kernel's own from where they are made (path_kernel_reply) */
	if (h->nf) {
		const char *od = path_dev_name(h, rt.dev);

		if ((rc = ct_hook(h, NF_OUTPUT, &skb, pkt_id, p, from, "", od, rt.dev, 0, sock)) <
		    0)
			return rc;
		if (skb.reroute && (rc = nf_reroute(h, &rt, pkt_id, p, from, sock)) < 0)
			return rc;
		od = path_dev_name(h, rt.dev);
		if ((rc = ct_hook(h, NF_POSTROUTING, &skb, pkt_id, p, from, "", od, rt.dev,
				  rt.uses_gw ? rt.gw : p->dst, sock)) < 0)
			return rc;
	}
	ip_finish_output(h, &rt, pkt_id, p, from, sock, false);
	return 0;
}

/* __ip_finish_output(): larger than the MTU (the path MTU for what this host sends, the
 * device's for a socket that probes, the route's for what it forwards), or reassembled:
 * ip_fragment() */
static void ip_finish_output(struct host *h, const struct path_route *rt, int pkt_id, struct pkt *p,
			     const enum origin *from, const char *sock, bool fwd)
{
	unsigned mtu = fwd	    ? mss_fwd_mtu(h, rt)
		       : p->dev_mtu ? mss_dev_mtu(h, rt->dev)
				    : mss_route_mtu(h, rt);

	ip_select_ttl(h, p);
	if (mtu && (pkt_ip_len(p) > mtu || pkt_frag_max(p)))
		path_frag_output(h, rt, mtu, pkt_id, p, from, sock);
	else
		path_finish_output2(h, rt, pkt_id, p, from, sock);
}

void path_finish_output2(struct host *h, const struct path_route *rt, int pkt_id, struct pkt *p,
			 const enum origin *from, const char *sock)
{
	struct nic *n = host_nic_by_index(h, rt->dev);
	uint32_t nh;
	struct neigh *ne;
	struct trace_draft ev;
	char m[18];

	if (!n)
		return;
	if (rt->type == RTN_LOCAL || n->kind == NIC_LOOPBACK) {
		path_nic_xmit(h, n, pkt_id, p, from, sock,
			      E_("local destination: the packet loops back through lo (G16)"));
		return;
	}
	nh = rt->uses_gw ? rt->gw : p->dst;
	memcpy(p->src_mac, n->mac, 6);
	ne = neigh_lookup(h, n->ifindex, nh);
	path_ev_init(&ev, h, TRACE_NEIGH, pkt_id, p, from);
	snprintf(ev.oif, sizeof(ev.oif), "%s", n->name);
	snprintf(ev.sock, sizeof(ev.sock), "%s", sock ? sock : "");
	if (ne && (ne->state & NUD_VALID)) {
		memcpy(p->dst_mac, ne->mac, 6);
		ev.pkt = *p;
		mac_fmt(ne->mac, m);
		ev.verdict = VERDICT_HIT;
		path_ev_why(&ev, E_("next hop %s%s: neighbour entry on %s says %s (%s)"),
			    ip_str(nh), rt->uses_gw ? E_(" (gateway)") : "", n->name, m,
			    neigh_state_name(h->sim, ne));
		path_ev_commit(h->sim, &ev);
		path_nic_xmit(h, n, pkt_id, p, from, sock,
			      E_("dst MAC from the neighbour entry of the egress NIC"));
		return;
	}
	/* neigh_resolve_output(): queue the packet, solicit */
	{
		struct path_job j;
		bool start = !ne || ne->state != NUD_INCOMPLETE;

		ev.verdict = VERDICT_QUEUE;
		path_ev_why(&ev,
			    E_("next hop %s%s: no valid neighbour entry on %s: packet queued%s"),
			    ip_str(nh), rt->uses_gw ? E_(" (gateway)") : "", n->name,
			    start ? E_(", ARP request sent") : "");
		path_ev_commit(h->sim, &ev);
		memset(&j, 0, sizeof(j));
		j.kind = JOB_PENDING;
		j.t = UINT64_MAX;
		j.host = h->index;
		j.ifindex = n->ifindex;
		j.ip = nh;
		j.pkt_id = pkt_id;
		j.pkt = *p;
		memcpy(j.from, from, sizeof(j.from));
		snprintf(j.sock, sizeof(j.sock), "%s", sock ? sock : "");
		path_job_add(h->sim, &j);
		neigh_event_send(h, n, nh, p->src);
	}
}

bool path_tcp_reset_for(const struct pkt *p, struct pkt *r)
{
	if (p->tcp_flags & TCPF_RST)
		return false;
	memset(r, 0, sizeof(*r));
	r->proto = PKT_PROTO_TCP;
	r->src = p->dst;
	r->dst = p->src;
	r->sport = p->dport;
	r->dport = p->sport;
	if (p->tcp_flags & TCPF_ACK) {
		r->tcp_flags = TCPF_RST;
		r->seq = p->ack;
	} else {
		r->tcp_flags = TCPF_RST | TCPF_ACK;
		r->ack = p->seq + (uint32_t)strlen(pkt_payload(p)) +
			 ((p->tcp_flags & (TCPF_SYN | TCPF_FIN)) ? 1 : 0);
	}
	return true;
}

void path_kernel_reply(struct host *h, int pkt_id_in, const struct pkt *in, struct pkt *reply,
		       const char *what)
{
	/* tcp_v4_send_reset(), icmp_send(), icmp_reply(): the per-CPU control socket, a
	 * kernel socket without a file */
	static const struct nf_owner ctl = { .nofile = true };

	path_kernel_reply_as(h, pkt_id_in, in, reply, what, &ctl);
}

void path_kernel_reply_as(struct host *h, int pkt_id_in, const struct pkt *in, struct pkt *reply,
			  const char *what, const struct nf_owner *owner)
{
	char limited[200];
	struct flow fl = { 0 };
	struct rtable rt;
	struct path_route pr;
	struct trace_draft ev;
	enum origin from[FIELD__COUNT] = { ORIGIN_INCOMING, ORIGIN_INCOMING, ORIGIN_INCOMING,
					   ORIGIN_INCOMING, ORIGIN_ROUTE };
	int id = path_new_pkt_id(h->sim);
	struct strbuf sb;
	int rc;
	bool src_given = reply->src != 0;

	(void)pkt_id_in;
	(void)in;
	/* a RST or ACK leaves by TCP's control socket (IP_PMTUDISC_DO): DF; ICMP by the
	 * ICMP socket (IP_PMTUDISC_DONT): none */
	reply->df = reply->proto == PKT_PROTO_TCP;
	if (reply->proto == PKT_PROTO_ICMP) {
		from[FIELD_SPORT] = from[FIELD_DPORT] = ORIGIN_KERNEL;
	}
	fl.daddr = reply->dst;
	fl.saddr = reply->src;
	flow_set_l4(&fl, reply->proto, reply->sport, reply->dport);
	fl.anysrc = true; /* ip_send_unicast_reply / icmp_reply: the source is given */
	/* icmp_send()'s route (icmp_route_lookup) hashes the packet it answers; an echo
	 * reply and a TCP reset route as a flow of their own */
	if (in && reply->proto == PKT_PROTO_ICMP && reply->sport != 0)
		flow_set_skb(&fl, in);
	rc = fib_route_output(h, &fl, &rt);
	if (reply->proto == PKT_PROTO_ICMP && icmp_type_is_error(reply->sport)) {
		/* icmp_send(): room for the quote is the route back's MTU, 576 at most, less
		 * the IP and ICMP headers (576 with no route: nothing is sent then) */
		struct path_route back;
		unsigned room = 576;

		if (rc == 0) {
			path_route_from_rtable(h, &rt, &back);
			room = mss_route_mtu(h, &back);
		}
		room = (room > 576 ? 576 : room) - 28;
		if (reply->qlen > room)
			reply->qlen = (uint16_t)room;
	}
	if (!src_given && rc == 0) {
		/* icmp_send about a packet not addressed to us: the route picks the source */
		reply->src = fl.saddr;
		from[FIELD_SRC] = ORIGIN_ADDR_SELECT;
	}
	if (src_given && in && reply->src != in->dst)
		from[FIELD_SRC] = ORIGIN_ADDR_SELECT;
	path_ev_init(&ev, h, TRACE_REPLY, id, reply, from);
	if (src_given && in && reply->src != in->dst)
		path_ev_why(
			&ev,
			E_("%s: to the packet's src %s, from %s (the packet was not addressed to "
			   "us: %s)"),
			what, ip_str(reply->dst), ip_str(reply->src),
			h->icmp_errors_inbound ? E_("icmp_errors_use_inbound_ifaddr=1 takes an "
						    "address of the NIC it came in on")
					       : E_("the route back picks the source"));
	else if (src_given)
		path_ev_why(&ev, E_("%s: src = the incoming packet's dst, dst = its src (D8)"),
			    what);
	else
		path_ev_why(
			&ev,
			E_("%s: to the packet's src %s, src chosen by the route back (icmp_send)"),
			what, ip_str(reply->dst));
	ev.verdict = VERDICT_MAKE;
	path_ev_commit(h->sim, &ev);
	strbuf_init(&sb);
	path_ev_init(&ev, h, TRACE_ROUTE_OUT, id, reply, from);
	if (rc) {
		ev.stage = TRACE_DROP;
		ev.err = -rc;
		ev.verdict = VERDICT_DROP;
		path_ev_why(&ev, E_("no route back to %s (%s): the %s is not sent (OutNoRoutes)"),
			    ip_str(reply->dst), errno_name(rc), what);
		path_ev_commit(h->sim, &ev);
		strbuf_release(&sb);
		return;
	}
	path_route_desc(h, &rt, &sb);
	path_route_key(h, &rt, &ev.route);
	snprintf(ev.oif, sizeof(ev.oif), "%s", path_dev_name(h, rt.dev));
	if (reply->proto == PKT_PROTO_ICMP &&
	    !icmp_xrlim_allow(h, &rt, reply, limited, sizeof(limited))) {
		ev.stage = TRACE_DROP;
		ev.verdict = VERDICT_DROP;
		path_ev_why(&ev, "%s", limited);
		path_ev_commit(h->sim, &ev);
		strbuf_release(&sb);
		return;
	}
	ev.verdict = VERDICT_ACCEPT;
	path_ev_why(&ev, E_("%s: only the NIC comes from it, the src is fixed"), sb.buf);
	path_ev_commit(h->sim, &ev);
	strbuf_release(&sb);
	path_route_from_rtable(h, &rt, &pr);
	path_ip_output(h, &pr, id, reply, from, NULL, owner);
}

/* ---- receive ---- */

static bool is_martian_addr(uint32_t a)
{
	return (a & 0xf0000000u) == 0xe0000000u || a == 0xffffffffu || (a & 0xff000000u) == 0 ||
	       (a & 0xff000000u) == 0x7f000000u;
}

/* Why did fib_route_input() say no? (D3, D4) */
static void input_drop_reason(struct host *h, struct nic *n, const struct pkt *p, int rc,
			      struct trace_draft *ev)
{
	struct flow fl = { 0 };
	struct fib_result res;
	int rp = nic_conf(h, n, DEVCONF_RP_FILTER);

	if (nic_conf(h, n, DEVCONF_FORWARDING) &&
	    (rc == -ENETUNREACH || rc == -EHOSTUNREACH || rc == -EACCES)) {
		/* a router: the lookup's own error (ip_route_input_slow → ip_error) */
		ev->stage = TRACE_ROUTE_IN;
		path_ev_why(ev,
			    E_("forwarding=1 but %s: the router drops it and tells the sender "
			       "(ip_error)"),
			    rc == -ENETUNREACH	  ? E_("no route matches")
			    : rc == -EHOSTUNREACH ? E_("the route is unreachable")
						  : E_("the route is prohibit"));
		return;
	}
	if (rc == -EINVAL && nic_conf(h, n, DEVCONF_FORWARDING) && !is_martian_addr(p->src) &&
	    !is_martian_addr(p->dst)) {
		fl.daddr = p->dst;
		fl.saddr = p->src;
		fl.iif = n->ifindex;
		if (fib_lookup(h, &fl, &res, 0) == -EINVAL) {
			ev->stage = TRACE_ROUTE_IN;
			path_ev_why(
				ev,
				E_("forwarding=1 and a blackhole route: dropped without a word"));
			return;
		}
	}
	if (rc == -EHOSTUNREACH || rc == -ENETUNREACH) {
		ev->stage = TRACE_ROUTE_IN;
		path_ev_why(ev,
			    E_("%s is not a local address (no local-table route) and ip_forward=0 "
			       "(D3.5)"),
			    ip_str(p->dst));
		return;
	}
	if (is_martian_addr(p->src) || is_martian_addr(p->dst)) {
		ev->stage = TRACE_ROUTE_IN;
		path_ev_why(ev, E_("martian address (D3.1)"));
		return;
	}
	fl.daddr = p->dst;
	fl.saddr = p->src;
	fl.iif = n->ifindex;
	fl.mark = p->mark;
	if (fib_rules_dissect(h))
		flow_set_l4_in(&fl, p->proto, p->sport, p->dport);
	if (fib_lookup(h, &fl, &res, 0) == 0 &&
	    (res.type == RTN_LOCAL ||
	     (res.type == RTN_UNICAST && nic_conf(h, n, DEVCONF_FORWARDING)))) {
		int oif;

		flow_set_skb(&fl, p);
		if (res.type != RTN_LOCAL)
			fib_select_input_path(h, &res, &fl);
		oif = res.type == RTN_LOCAL ? 0 : res.nh.oif;
		int v = fib_validate_source(h, p->src, p->dst, &fl, oif, n);

		if (v == -EXDEV) {
			struct flow bf;
			struct fib_result br;

			ev->stage = TRACE_RP_FILTER;
			fib_rpf_flow(h, p->src, p->dst, &fl, oif, n, &bf);
			if (fib_lookup(h, &bf, &br, 0) == 0 && br.route)
				path_ev_why(
					ev,
					E_("rp_filter=%d (strict): the route back to %s uses %s, "
					   "not %s (D4)"),
					rp, ip_str(p->src), path_dev_name(h, br.nh.oif), n->name);
			else
				path_ev_why(ev, E_("rp_filter=%d: no route back to %s at all (D4)"),
					    rp, ip_str(p->src));
			return;
		}
		ev->stage = TRACE_RP_FILTER;
		path_ev_why(ev,
			    E_("source %s is one of our own addresses (martian source, "
			       "accept_local=0) or has no valid route back (D4)"),
			    ip_str(p->src));
		return;
	}
	ev->stage = TRACE_ROUTE_IN;
	path_ev_why(ev, E_("input route rejected the packet (%s)"), errno_name(rc));
}

static void icmp_rcv(struct host *h, struct nic *n, int pkt_id, const struct pkt *p,
		     const enum origin *from)
{
	struct trace_draft ev;

	if (p->sport == 8) {
		/* icmp_echo → icmp_reply: src = fib_compute_spec_dst() = the daddr (D8) */
		struct pkt r;

		path_ev_init(&ev, h, TRACE_SOCK_DELIVER, pkt_id, p, from);
		snprintf(ev.iif, sizeof(ev.iif), "%s", n->name);
		ev.verdict = VERDICT_DELIVER;
		path_ev_why(&ev, E_("echo request: the kernel answers it itself"));
		path_ev_commit(h->sim, &ev);
		memset(&r, 0, sizeof(r));
		r.proto = PKT_PROTO_ICMP;
		r.src = p->dst;
		r.dst = p->src;
		r.sport = 0;
		r.seq = p->seq;
		r.icmp_id = p->icmp_id;
		pkt_set_payload(&r, pkt_payload(p));
		r.pad = p->pad;
		path_kernel_reply(h, pkt_id, p, &r, E_("ICMP echo reply"));
		return;
	}
	if (p->sport == 0) {
		path_ev_init(&ev, h, TRACE_APP_RECV, pkt_id, p, from);
		snprintf(ev.iif, sizeof(ev.iif), "%s", n->name);
		ev.verdict = VERDICT_DELIVER;
		path_ev_why(&ev, E_("ping: reply from %s icmp_seq=%u"), ip_str(p->src), p->seq);
		path_ev_commit(h->sim, &ev);
		return;
	}
	if (p->sport == 5) {
		icmp_redirect_rcv(h, n, pkt_id, p);
		return;
	}
	if (p->sport == 3 && p->dport == 4) {
		icmp_frag_needed_rcv(h, n, pkt_id, p);
		return;
	}
	sock_icmp_err(h, pkt_id, p);
}

static void ip_local_deliver(struct host *h, struct nic *n, int pkt_id, const struct pkt *p,
			     const enum origin *from)
{
	if (p->proto == PKT_PROTO_TCP) {
		sock_tcp_rcv(h, n->ifindex, pkt_id, p, from);
	} else if (p->proto == PKT_PROTO_UDP) {
		if (!sock_udp_rcv(h, n->ifindex, pkt_id, p, from)) {
			struct pkt r;

			memset(&r, 0, sizeof(r));
			r.proto = PKT_PROTO_ICMP;
			r.sport = 3; /* destination unreachable */
			r.dport = 3; /* port unreachable */
			r.src = p->dst;
			r.dst = p->src;
			pkt_quote(&r, p);
			path_kernel_reply(h, pkt_id, p, &r, E_("ICMP port unreachable"));
		}
	} else if (p->proto == PKT_PROTO_ICMP) {
		icmp_rcv(h, n, pkt_id, p, from);
	}
}

/* ip_rcv → ip_rcv_finish → ip_route_input_noref (D2, D3, D4) */
/* The input route failed (rc): the drop, and ip_error()'s ICMP on a router (forwarding
 * on the input NIC); a host says nothing */
static void ip_rcv_no_route(struct host *h, struct nic *n, int pkt_id, const struct pkt *p, int rc,
			    struct trace_draft *ev)
{
	ev->err = -rc;
	ev->verdict = VERDICT_DROP;
	input_drop_reason(h, n, p, rc, ev);
	ev->stage = TRACE_DROP;
	path_ev_commit(h->sim, ev);
	if (!nic_conf(h, n, DEVCONF_FORWARDING))
		return;
	if (rc == -ENETUNREACH || rc == -EHOSTUNREACH || rc == -EACCES) {
		char why[1024];

		if (!icmp_ip_error_allow(h, p->src, why, sizeof(why))) {
			path_ev_init(ev, h, TRACE_DROP, pkt_id, p, NULL);
			snprintf(ev->iif, sizeof(ev->iif), "%s", n->name);
			ev->verdict = VERDICT_DROP;
			path_ev_why(ev, "%s", why);
			path_ev_commit(h->sim, ev);
			return;
		}
	}
	if (rc == -ENETUNREACH)
		icmp_router_error(h, n, pkt_id, p, 3, 0,
				  E_("ICMP net unreachable (no route on a router)"));
	else if (rc == -EHOSTUNREACH)
		icmp_router_error(h, n, pkt_id, p, 3, 1,
				  E_("ICMP host unreachable (an unreachable route)"));
	else if (rc == -EACCES)
		icmp_router_error(h, n, pkt_id, p, 3, 13,
				  E_("ICMP communication prohibited (a prohibit route)"));
}

/* A local route: the decision's event, rp_filter's, NF INPUT (mangle, filter, nat SNAT,
 * conntrack confirm, E2), then the socket layer */
static void ip_rcv_local(struct host *h, struct nic *n, int pkt_id, struct pkt *p,
			 enum origin *from, struct nf_skb *skb, const struct rtable *rt,
			 struct trace_draft *ev)
{
	const struct nic *owner = host_find_local(h, p->dst);
	int rp = nic_conf(h, n, DEVCONF_RP_FILTER);
	struct strbuf sb;

	strbuf_init(&sb);
	if (rt->res.route)
		path_route_desc(h, rt, &sb);
	ev->verdict = VERDICT_LOCAL;
	if (owner && owner->ifindex != n->ifindex)
		path_ev_why(ev,
			    E_("%s: local, although the address belongs to %s, not %s (weak host "
			       "model, D3.3)"),
			    sb.buf, owner->name, n->name);
	else
		path_ev_why(ev, E_("%s: local delivery (locality comes from table local, D3.3)"),
			    sb.buf);
	path_ev_commit(h->sim, ev);
	strbuf_release(&sb);
	if (rp) {
		path_ev_init(ev, h, TRACE_RP_FILTER, pkt_id, p, from);
		snprintf(ev->iif, sizeof(ev->iif), "%s", n->name);
		ev->verdict = VERDICT_ACCEPT;
		path_ev_why(ev, E_("rp_filter=%d: the route back to %s is acceptable for %s (D4)"),
			    rp, ip_str(p->src), n->name);
		path_ev_commit(h->sim, ev);
	}
	/* ip_local_deliver(): fragments wait for their datagram (ip_defrag) */
	if (pkt_is_frag(p) && !path_frag_reasm(h, n, &pkt_id, p, from, false))
		return;
	if (h->nf && ct_hook(h, NF_INPUT, skb, pkt_id, p, from, n->name, "", 0, 0, NULL) < 0)
		return;
	ip_local_deliver(h, n, pkt_id, p, from);
}

/* ip_forward() on a router (forwarding=1): TTL, NF FORWARD and POSTROUTING (E2), out */
static void ip_rcv_forward(struct host *h, struct nic *n, int pkt_id, struct pkt *p,
			   enum origin *from, struct nf_skb *skb, const struct rtable *rt,
			   struct trace_draft *ev)
{
	struct path_route pr;
	struct strbuf sb;
	unsigned mtu;

	strbuf_init(&sb);
	path_route_desc(h, rt, &sb);
	snprintf(ev->oif, sizeof(ev->oif), "%s", path_dev_name(h, rt->dev));
	ev->verdict = VERDICT_FORWARD;
	path_ev_why(ev, E_("forwarding=1: %s"), sb.buf);
	strbuf_release(&sb);
	if (p->ttl <= 1) {
		ev->stage = TRACE_DROP;
		ev->verdict = VERDICT_DROP;
		path_ev_why(ev,
			    E_("TTL %u: a router may not pass it on (ip_forward: too many hops)"),
			    p->ttl);
		path_ev_commit(h->sim, ev);
		icmp_router_error(h, n, pkt_id, p, 11, 0, E_("ICMP time exceeded in transit"));
		return;
	}
	path_route_from_rtable(h, rt, &pr);
	mtu = mss_fwd_mtu(h, &pr);
	if (p->df && pkt_ip_len(p) > mtu) {
		/* ip_exceeds_mtu(): too big for the next hop and may not be fragmented */
		ev->stage = TRACE_DROP;
		ev->verdict = VERDICT_DROP;
		path_ev_why(ev,
			    E_("%u bytes with DF set, the MTU out of %s is %u: the router may not "
			       "fragment it (ip_forward: FRAGFAILS)"),
			    pkt_ip_len(p), path_dev_name(h, pr.dev), mtu);
		path_ev_commit(h->sim, ev);
		icmp_router_error_info(h, n, pkt_id, p, 3, 4, mtu,
				       E_("ICMP fragmentation needed, with the next hop's MTU"));
		return;
	}
	path_ev_commit(h->sim, ev);
	p->ttl--;
	if (rt->flags & RTCF_DOREDIRECT) /* ip_forward(): after the TTL, before FORWARD */
		icmp_send_redirect(h, pkt_id, p, rt);
	if (h->nf) {
		const char *od = path_dev_name(h, pr.dev);
		bool dropped;

		skb->dst = &pr; /* the hooks' skb_dst, only while they run */
		dropped = ct_hook(h, NF_FORWARD, skb, pkt_id, p, from, n->name, od, pr.dev, 0,
				  NULL) < 0 ||
			  ct_hook(h, NF_POSTROUTING, skb, pkt_id, p, from, n->name, od, pr.dev,
				  pr.uses_gw ? pr.gw : p->dst, NULL) < 0;
		skb->dst = NULL;
		if (dropped)
			return;
	}
	ip_finish_output(h, &pr, pkt_id, p, from, NULL, true);
}

static void ip_rcv(struct host *h, struct nic *n, int pkt_id, struct pkt *p,
		   const enum origin *from_in, bool via_lo)
{
	struct flow fl = { 0 };
	struct rtable rt;
	struct trace_draft ev;
	int rc;
	enum origin from[FIELD__COUNT];
	struct nf_skb skb = { 0 };

	memcpy(from, from_in, sizeof(from));
	/* nf_defrag_ipv4, where conntrack is in use: PREROUTING sees whole datagrams */
	if (pkt_is_frag(p) && h->nf && h->nf->ct_used &&
	    !path_frag_reasm(h, n, &pkt_id, p, from, true))
		return;
	/* NF PREROUTING: conntrack, mangle, nat (DNAT before routing, E2) */
	if (h->nf && ct_hook(h, NF_PREROUTING, &skb, pkt_id, p, from, n->name, "", 0, 0, NULL) < 0)
		return;
	if (via_lo) {
		if (h->nf &&
		    ct_hook(h, NF_INPUT, &skb, pkt_id, p, from, n->name, "", 0, 0, NULL) < 0)
			return;
		ip_local_deliver(h, n, pkt_id, p, from);
		return;
	}
	fl.daddr = p->dst;
	fl.saddr = p->src;
	fl.iif = n->ifindex;
	fl.mark = p->mark;
	flow_set_l4_in(&fl, p->proto, p->sport, p->dport);
	flow_set_skb(&fl, p);
	rc = fib_route_input(h, &fl, &rt);
	path_ev_init(&ev, h, TRACE_ROUTE_IN, pkt_id, p, from);
	snprintf(ev.iif, sizeof(ev.iif), "%s", n->name);
	if (rc) {
		ip_rcv_no_route(h, n, pkt_id, p, rc, &ev);
		return;
	}
	path_route_key(h, &rt, &ev.route);
	if (rt.type == RTN_LOCAL) {
		ip_rcv_local(h, n, pkt_id, p, from, &skb, &rt, &ev);
	} else if (rt.type == RTN_UNICAST && rt.is_input) {
		ip_rcv_forward(h, n, pkt_id, p, from, &skb, &rt, &ev);
	} else {
		ev.stage = TRACE_DROP;
		ev.verdict = VERDICT_DROP;
		path_ev_why(&ev, E_("broadcast delivery is not modelled"));
		path_ev_commit(h->sim, &ev);
	}
}

/* netif_receive_skb on NIC n: bridge port hand-off, D1's MAC check, then ARP or IP. */
static void frame_rx(struct host *h, struct nic *n, int pkt_id, struct pkt *p,
		     const enum origin *from, bool via_lo, const char *sock)
{
	struct trace_draft ev;
	bool bcast = memcmp(p->dst_mac, path_mac_bcast, 6) == 0;

	if (!n->up)
		return;
	if (n->master) {
		/* br_handle_frame(): the port belongs to a bridge; learn, then forward */
		struct nic *br = host_nic_by_index(h, n->master);
		struct fdb_entry *fe;

		if (!br || !br->up)
			return;
		fe = fdb_find(h, br->ifindex, p->src_mac);
		if (!fe) {
			vec_reserve((void **)&h->fdb, &h->fdb_cap, h->nfdb + 1, sizeof(*h->fdb));
			fe = &h->fdb[h->nfdb++];
			fe->bridge = br->ifindex;
			memcpy(fe->mac, p->src_mac, 6);
		}
		fe->port = n->ifindex;
		if (bcast || memcmp(p->dst_mac, br->mac, 6) != 0)
			bridge_forward(h, br, n->ifindex, pkt_id, p, from, sock);
		if (bcast || memcmp(p->dst_mac, br->mac, 6) == 0) {
			/* br_pass_frame_up() counts it without the Ethernet header */
			nic_count(br, false, pkt_frame_len(p) - 14);
			frame_rx(h, br, pkt_id, p, from, false, sock);
		}
		return;
	}
	path_ev_init(&ev, h, TRACE_NIC_RX, pkt_id, p, from);
	snprintf(ev.iif, sizeof(ev.iif), "%s", n->name);
	snprintf(ev.sock, sizeof(ev.sock), "%s", via_lo ? sock : "");
	if (!via_lo && !bcast && memcmp(p->dst_mac, n->mac, 6) != 0) {
		/* PACKET_OTHERHOST (D1) */
		ev.stage = TRACE_DROP;
		ev.verdict = VERDICT_DROP;
		path_ev_why(&ev, E_("frame for another MAC (PACKET_OTHERHOST): not for %s (D1)"),
			    n->name);
		path_ev_commit(h->sim, &ev);
		return;
	}
	ev.verdict = VERDICT_ACCEPT;
	if (via_lo)
		path_ev_why(&ev, E_("looped back: its route is already known (local)"));
	else if (bcast)
		path_ev_why(&ev, E_("broadcast frame"));
	else
		path_ev_why(&ev, E_("dst MAC is %s's: this NIC takes the frame (D1)"), n->name);
	path_ev_commit(h->sim, &ev);
	if (p->is_arp)
		arp_rcv(h, n, pkt_id, p);
	else
		ip_rcv(h, n, pkt_id, p, from, via_lo);
}

/* ---- time ---- */

static void job_run(struct sim *sim, struct path_job *j)
{
	struct host *h;

	if (j->host < 0 || (size_t)j->host >= sim->nhosts)
		return;
	h = sim->hosts[j->host];
	if (j->t > sim->now_us)
		sim->now_us = j->t;
	switch (j->kind) {
	case JOB_RX: {
		struct nic *n = host_nic_by_index(h, j->ifindex);

		if (n)
			frame_rx(h, n, j->pkt_id, &j->pkt, j->from, j->via_lo, j->sock);
		break;
	}
	case JOB_ARP_TIMER:
		arp_timer_fire(h, j->ifindex, j->ip);
		break;
	case JOB_TCP_RTO:
		sock_rto_fire(h, j->sock_id, j->gen);
		break;
	case JOB_FRAG_EXPIRE:
		path_frag_expire(h, j);
		break;
	case JOB_PENDING:
		break;
	}
}

void path_run(struct sim *sim)
{
	for (int guard = 0; guard < 100000; guard++) {
		struct path_job j;

		/* quiescence: no frame in flight. Timers (ARP retransmission and failure, TCP
		 * RTO) wait for path_sleep(), which fires them at their due time */
		if (sim->nrx == 0)
			return;
		path_heap_pop(sim->rx, &sim->nrx, &j);
		job_run(sim, &j);
	}
}

void path_sleep(struct sim *sim, uint64_t us)
{
	uint64_t until = sim->now_us + us;

	for (int guard = 0; guard < 100000; guard++) {
		struct path_job j;
		bool rx;

		/* the earlier of the next frame and the next timer; waiting packets never run */
		if (sim->nrx == 0 && sim->ntimers == 0)
			break;
		rx = sim->ntimers == 0 ||
		     (sim->nrx > 0 && path_job_before(&sim->rx[0], &sim->timers[0]));
		if ((rx ? sim->rx[0].t : sim->timers[0].t) > until)
			break;
		if (rx)
			path_heap_pop(sim->rx, &sim->nrx, &j);
		else
			path_heap_pop(sim->timers, &sim->ntimers, &j);
		job_run(sim, &j);
	}
	if (sim->now_us < until)
		sim->now_us = until;
}
