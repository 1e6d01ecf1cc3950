/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * arp: the neighbour table and ARP as Linux 6.12 keeps and speaks it (docs/kernel.md
 * D7): neigh_lookup/neigh_create, arp_solicit with arp_announce's sender, the
 * retransmit timer and INCOMPLETE to FAILED, the queue of packets waiting for an
 * answer, arp_process with arp_ignore/arp_filter/arp_accept, and what an answer
 * teaches. path.c calls in through path-int.h.
 */
#include "base/i18n.h"
#include "path-int.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- neighbours ---- */

struct neigh *neigh_lookup(struct host *h, int ifindex, uint32_t ip)
{
	for (size_t i = 0; i < h->nneigh; i++)
		if (h->neigh[i].ifindex == ifindex && h->neigh[i].ip == ip)
			return &h->neigh[i];
	return NULL;
}

struct neigh *neigh_create(struct host *h, int ifindex, uint32_t ip)
{
	struct neigh *n;

	vec_reserve((void **)&h->neigh, &h->neigh_cap, h->nneigh + 1, sizeof(*h->neigh));
	n = &h->neigh[h->nneigh++];
	memset(n, 0, sizeof(*n));
	n->ifindex = ifindex;
	n->ip = ip;
	return n;
}

void neigh_delete_at(struct host *h, size_t i)
{
	memmove(&h->neigh[i], &h->neigh[i + 1], (h->nneigh - i - 1) * sizeof(*h->neigh));
	h->nneigh--;
}

void neigh_ifdown(struct host *h, int ifindex)
{
	struct sim *sim = h->sim;

	for (size_t i = 0; i < h->nneigh;) {
		if (h->neigh[i].ifindex == ifindex)
			neigh_delete_at(h, i);
		else
			i++;
	}
	for (size_t i = 0; i < h->nfdb;) {
		if (h->fdb[i].port == ifindex || h->fdb[i].bridge == ifindex) {
			memmove(&h->fdb[i], &h->fdb[i + 1], (h->nfdb - i - 1) * sizeof(*h->fdb));
			h->nfdb--;
		} else {
			i++;
		}
	}
	/* packets waiting for resolution on that device are dropped, with their timers */
	for (size_t i = 0; i < sim->npending;) {
		if (sim->pending[i].host == h->index && sim->pending[i].ifindex == ifindex)
			path_pending_remove(sim, i);
		else
			i++;
	}
	path_arp_timers_remove(sim, h->index, ifindex, 0, true);
}

const char *neigh_state_name(const struct sim *sim, const struct neigh *n)
{
	switch (n->state) {
	case NUD_INCOMPLETE:
		return "INCOMPLETE";
	case NUD_REACHABLE:
		/* reachable_time elapsed without confirmation: the entry is STALE */
		return sim->now_us - n->confirmed_us >= PATH_REACHABLE_US ? "STALE" : "REACHABLE";
	case NUD_STALE:
		return "STALE";
	case NUD_DELAY:
		return "DELAY";
	case NUD_PROBE:
		return "PROBE";
	case NUD_FAILED:
		return "FAILED";
	case NUD_NOARP:
		return "NOARP";
	case NUD_PERMANENT:
		return "PERMANENT";
	default:
		return "NONE";
	}
}

/* ---- ARP (D7) ---- */

static bool addr_on_dev(const struct nic *n, uint32_t a, const struct addr **out)
{
	for (size_t i = 0; i < n->naddr; i++)
		if (n->addrs[i].local == a) {
			if (out)
				*out = &n->addrs[i];
			return true;
		}
	return false;
}

/* inet_addr_onlink(in_dev, a, b): one of dev's subnets holds both */
static bool addr_onlink(const struct nic *n, uint32_t a, uint32_t b)
{
	for (size_t i = 0; i < n->naddr; i++)
		if (ip_in_prefix(a, n->addrs[i].local, n->addrs[i].plen) &&
		    (!b || ip_in_prefix(b, n->addrs[i].local, n->addrs[i].plen)))
			return true;
	return false;
}

/* arp_solicit(): the request's sender IP follows arp_announce (D7). */
void arp_solicit(struct host *h, struct nic *n, uint32_t target, uint32_t pkt_saddr)
{
	int ann = nic_conf(h, n, DEVCONF_ARP_ANNOUNCE);
	uint32_t sip = 0;
	struct pkt p;
	enum origin from[FIELD__COUNT] = { 0 };
	char why[1024];

	switch (ann) {
	case 0:
		if (pkt_saddr && host_find_local(h, pkt_saddr))
			sip = pkt_saddr;
		if (sip)
			snprintf(why, sizeof(why),
				 E_("who-has %s: arp_announce=0, the sender IP is the packet's src "
				    "%s"),
				 ip_str(target), ip_str(sip));
		break;
	case 1:
		if (pkt_saddr && host_find_local(h, pkt_saddr) && addr_onlink(n, target, pkt_saddr))
			sip = pkt_saddr;
		if (sip)
			snprintf(why, sizeof(why),
				 E_("who-has %s: arp_announce=1 and the packet's src %s is in a "
				    "subnet of %s"),
				 ip_str(target), ip_str(sip), n->name);
		break;
	default:
		break;
	}
	if (!sip) {
		sip = inet_select_addr(h, n, target, RT_SCOPE_LINK);
		snprintf(why, sizeof(why),
			 E_("who-has %s: arp_announce=%d, sender IP %s chosen by inet_select_addr "
			    "on "
			    "%s"),
			 ip_str(target), ann, ip_str(sip), n->name);
	}
	memset(&p, 0, sizeof(p));
	p.is_arp = true;
	p.arp_op = 1;
	p.arp_sip = sip;
	p.arp_tip = target;
	memcpy(p.src_mac, n->mac, 6);
	memcpy(p.dst_mac, path_mac_bcast, 6);
	path_nic_xmit(h, n, path_new_pkt_id(h->sim), &p, from, NULL, why);
}

void arp_timer_arm(struct host *h, int ifindex, uint32_t ip)
{
	struct path_job j;

	memset(&j, 0, sizeof(j));
	j.kind = JOB_ARP_TIMER;
	j.t = h->sim->now_us + PATH_ARP_RETRANS_US;
	j.host = h->index;
	j.ifindex = ifindex;
	j.ip = ip;
	path_job_add(h->sim, &j);
}

/* Packets waiting for (ifindex, ip) go out now (neigh_update → neigh_connect). */
static void neigh_flush_pending(struct host *h, const struct neigh *ne)
{
	struct sim *sim = h->sim;
	int ifindex = ne->ifindex;
	uint32_t ip = ne->ip;

	/* resolved: its retransmission timer goes */
	path_arp_timers_remove(sim, h->index, ifindex, ip, false);
	for (size_t i = 0; i < sim->npending;) {
		struct path_job j = sim->pending[i];
		struct nic *n;
		const struct neigh *cur;
		char why[1024], m[18];

		if (j.host != h->index || j.ifindex != ifindex || j.ip != ip) {
			i++;
			continue;
		}
		path_pending_remove(sim, i);
		n = host_nic_by_index(h, ifindex);
		cur = neigh_lookup(h, ifindex, ip);
		if (!n || !cur)
			continue;
		memcpy(j.pkt.src_mac, n->mac, 6);
		memcpy(j.pkt.dst_mac, cur->mac, 6);
		mac_fmt(cur->mac, m);
		snprintf(why, sizeof(why), E_("queued packet released: %s is at %s"), ip_str(ip),
			 m);
		path_nic_xmit(h, n, j.pkt_id, &j.pkt, j.from, j.sock, why);
	}
}

/* arp_error_report() → ipv4_link_failure() → icmp_send(ICMP_DEST_UNREACH, ICMP_HOST_UNREACH)
 * about a packet the neighbour layer gives up on. Its source is chosen by the route back
 * (the packet was not addressed to us: saddr 0 in icmp_send), so a locally made packet's
 * error loops back through lo to its own socket (tcp_v4_err/udp_err). icmp_send never
 * answers an ICMP error. path_kernel_reply applies icmp_ratelimit. */
static void neigh_error_report(struct host *h, const struct path_job *j)
{
	struct pkt r;

	if (j->pkt.proto == PKT_PROTO_ICMP && j->pkt.sport != 0 && j->pkt.sport != 8)
		return;
	if (!j->pkt.src || j->pkt.src == 0xffffffffu || (j->pkt.src & 0xf0000000u) == 0xe0000000u)
		return;
	memset(&r, 0, sizeof(r));
	r.proto = PKT_PROTO_ICMP;
	r.sport = 3; /* destination unreachable */
	r.dport = 1; /* host unreachable */
	r.src = 0;
	r.dst = j->pkt.src;
	pkt_quote(&r, &j->pkt);
	path_kernel_reply(h, j->pkt_id, &j->pkt, &r,
			  E_("ICMP host unreachable (neighbour failed)"));
}

/* neigh_invalidate(): the entry is FAILED (timer) or deleted while INCOMPLETE/PROBE
 * (`ip neigh del/flush`): its retransmission timer goes, and every queued packet is
 * dropped, in queue order, each with an ICMP host unreachable to its sender. */
static void neigh_invalidate(struct host *h, int ifindex, uint32_t ip, const char *why)
{
	struct sim *sim = h->sim;
	struct path_job *q = NULL;
	size_t nq = 0, cap = 0;
	const char *dev = path_dev_name(h, ifindex);

	path_arp_timers_remove(sim, h->index, ifindex, ip, false);
	for (size_t i = 0; i < sim->npending;) {
		const struct path_job *j = &sim->pending[i];

		if (j->host != h->index || j->ifindex != ifindex || j->ip != ip) {
			i++;
			continue;
		}
		vec_reserve((void **)&q, &cap, nq + 1, sizeof(*q));
		q[nq++] = *j;
		path_pending_remove(sim, i);
	}
	for (size_t k = 0; k < nq; k++) {
		struct trace_draft ev;

		path_ev_init(&ev, h, TRACE_DROP, q[k].pkt_id, &q[k].pkt, q[k].from);
		snprintf(ev.oif, sizeof(ev.oif), "%s", dev);
		ev.verdict = VERDICT_DROP;
		snprintf(ev.sock, sizeof(ev.sock), "%s", q[k].sock);
		ev.err = EHOSTUNREACH;
		path_ev_why(&ev, E_("%s: the queued packet is dropped"), why);
		path_ev_commit(sim, &ev);
		neigh_error_report(h, &q[k]);
	}
	free(q);
}

void neigh_admin_update(struct host *h, const struct neigh *ne)
{
	neigh_flush_pending(h, ne);
}

void neigh_admin_delete(struct host *h, size_t i)
{
	int ifindex = h->neigh[i].ifindex;
	uint32_t ip = h->neigh[i].ip;
	uint8_t state = h->neigh[i].state;
	char why[1024];

	neigh_delete_at(h, i);
	if (!(state & (NUD_INCOMPLETE | NUD_PROBE)))
		return;
	snprintf(why, sizeof(why), E_("neighbour %s dev %s deleted while %s (ip neigh del/flush)"),
		 ip_str(ip), path_dev_name(h, ifindex),
		 state == NUD_INCOMPLETE ? "INCOMPLETE" : "PROBE");
	neigh_invalidate(h, ifindex, ip, why);
}

void neigh_event_send(struct host *h, struct nic *n, uint32_t ip, uint32_t pkt_saddr)
{
	struct neigh *ne;

	if (!n)
		return;
	ne = neigh_lookup(h, n->ifindex, ip);
	if (ne && (ne->state & (NUD_VALID | NUD_INCOMPLETE)))
		return;
	if (!ne)
		ne = neigh_create(h, n->ifindex, ip);
	ne->state = NUD_INCOMPLETE;
	ne->probes = 1;
	arp_solicit(h, n, ip, pkt_saddr);
	arp_timer_arm(h, n->ifindex, ip);
}

void arp_timer_fire(struct host *h, int ifindex, uint32_t ip)
{
	struct neigh *ne = neigh_lookup(h, ifindex, ip);
	struct nic *n = host_nic_by_index(h, ifindex);
	struct sim *sim = h->sim;

	if (!ne || !n || ne->state != NUD_INCOMPLETE)
		return;
	if (ne->probes < PATH_ARP_PROBES) {
		uint32_t saddr = 0;

		for (size_t i = 0; i < sim->npending; i++)
			if (sim->pending[i].host == h->index &&
			    sim->pending[i].ifindex == ifindex && sim->pending[i].ip == ip) {
				saddr = sim->pending[i].pkt.src;
				break;
			}
		ne->probes++;
		arp_solicit(h, n, ip, saddr);
		arp_timer_arm(h, ifindex, ip);
		return;
	}
	ne->state = NUD_FAILED;
	{
		char why[1024];

		snprintf(why, sizeof(why),
			 E_("no ARP reply for %s on %s after %d requests: neighbour FAILED"),
			 ip_str(ip), n->name, PATH_ARP_PROBES);
		neigh_invalidate(h, ifindex, ip, why);
	}
}

/* neigh_update() for an entry that exists; override follows LOCKTIME (D7). */
static void neigh_learn(struct host *h, struct nic *n, struct neigh *ne, const uint8_t *mac,
			uint8_t state, bool override, int pkt_id, const struct pkt *p,
			const char *how)
{
	struct trace_draft ev;
	char m[18], old[18];
	bool was_valid = ne->state & NUD_VALID;

	mac_fmt(mac, m);
	mac_fmt(ne->mac, old);
	path_ev_init(&ev, h, TRACE_NEIGH, pkt_id, p, NULL);
	snprintf(ev.iif, sizeof(ev.iif), "%s", n->name);
	if (ne->state == NUD_PERMANENT) {
		ev.verdict = VERDICT_KEEP;
		path_ev_why(&ev, E_("%s: entry %s is PERMANENT, not changed"), how, ip_str(ne->ip));
		path_ev_commit(h->sim, &ev);
		return;
	}
	if (was_valid && memcmp(ne->mac, mac, 6) != 0 && !override) {
		ev.verdict = VERDICT_KEEP;
		path_ev_why(&ev,
			    E_("%s: %s says %s, but the entry got %s less than 1 s ago (locktime): "
			       "the first answer wins"),
			    how, ip_str(ne->ip), m, old);
		path_ev_commit(h->sim, &ev);
		return;
	}
	if (was_valid && memcmp(ne->mac, mac, 6) != 0) {
		path_ev_why(&ev, E_("%s: neighbour %s dev %s re-pointed from %s to %s"), how,
			    ip_str(ne->ip), n->name, old, m);
	} else {
		path_ev_why(&ev, E_("%s: neighbour %s dev %s lladdr %s %s"), how, ip_str(ne->ip),
			    n->name, m, state == NUD_REACHABLE ? "REACHABLE" : "STALE");
	}
	if (memcmp(ne->mac, mac, 6) != 0 || !was_valid)
		ne->updated_us = h->sim->now_us;
	memcpy(ne->mac, mac, 6);
	/* an unchanged address does not turn a REACHABLE entry STALE */
	if (!(state == NUD_STALE && was_valid && memcmp(old, m, 18) == 0 &&
	      ne->state == NUD_REACHABLE))
		ne->state = state;
	if (state == NUD_REACHABLE)
		ne->confirmed_us = h->sim->now_us;
	ev.verdict = VERDICT_UPDATE;
	path_ev_commit(h->sim, &ev);
	neigh_flush_pending(h, ne);
}

/* arp_ignore() (D7.2): true = do not answer */
static bool arp_ignore(struct host *h, struct nic *n, uint32_t sip, uint32_t tip, char *why,
		       size_t wlen)
{
	int v = nic_conf(h, n, DEVCONF_ARP_IGNORE);
	const struct addr *a = NULL;

	switch (v) {
	case 0:
		snprintf(why, wlen, E_("arp_ignore=0: any local address is answered on any NIC"));
		return false;
	case 1:
		if (addr_on_dev(n, tip, NULL)) {
			snprintf(why, wlen, E_("arp_ignore=1: %s is configured on %s"), ip_str(tip),
				 n->name);
			return false;
		}
		snprintf(why, wlen, E_("arp_ignore=1: %s is not configured on %s, no reply"),
			 ip_str(tip), n->name);
		return true;
	case 2:
		if (addr_on_dev(n, tip, &a) && ip_in_prefix(sip, a->local, a->plen)) {
			snprintf(why, wlen, E_("arp_ignore=2: %s is on %s and %s is in its subnet"),
				 ip_str(tip), n->name, ip_str(sip));
			return false;
		}
		snprintf(why, wlen,
			 E_("arp_ignore=2: %s not on %s or sender %s outside its subnet, no reply"),
			 ip_str(tip), n->name, ip_str(sip));
		return true;
	case 3:
		for (size_t i = 0; i < h->nnic; i++)
			if (addr_on_dev(&h->nics[i], tip, &a) && a->scope != RT_SCOPE_HOST) {
				snprintf(why, wlen, E_("arp_ignore=3: %s is not scope host"),
					 ip_str(tip));
				return false;
			}
		snprintf(why, wlen, E_("arp_ignore=3: %s has scope host, no reply"), ip_str(tip));
		return true;
	case 8:
		snprintf(why, wlen, E_("arp_ignore=8: never answer"));
		return true;
	default:
		snprintf(why, wlen, E_("arp_ignore=%d: treated as 0"), v);
		return false;
	}
}

/* arp_process() */
void arp_rcv(struct host *h, struct nic *n, int pkt_id, const struct pkt *p)
{
	uint32_t sip = p->arp_sip, tip = p->arp_tip;
	struct neigh *ne;
	struct trace_draft ev;

	if (sip == 0)
		return; /* duplicate address detection probes are not modelled */
	if (p->arp_op == 1) {
		struct flow fl = { 0 };
		struct rtable rt;
		int rc;

		fl.daddr = tip;
		fl.saddr = sip;
		fl.iif = n->ifindex;
		rc = fib_route_input(h, &fl, &rt);
		if (rc == 0 && rt.type == RTN_LOCAL) {
			char why[1024];
			bool dont = arp_ignore(h, n, sip, tip, why, sizeof(why));

			path_ev_init(&ev, h, TRACE_NEIGH, pkt_id, p, NULL);
			snprintf(ev.iif, sizeof(ev.iif), "%s", n->name);
			if (!dont && nic_conf(h, n, DEVCONF_ARP_FILTER)) {
				/* arp_filter() (D7.3) */
				struct flow of = { 0 };
				struct rtable ort;

				of.daddr = sip;
				of.saddr = tip;
				if (fib_route_output(h, &of, &ort) != 0 || ort.dev != n->ifindex) {
					dont = true;
					snprintf(why, sizeof(why),
						 E_("arp_filter=1: the route back to %s does not "
						    "use "
						    "%s"),
						 ip_str(sip), n->name);
				}
			}
			if (dont) {
				ev.verdict = VERDICT_IGNORE;
				path_ev_why(&ev, E_("who-has %s tell %s: %s"), ip_str(tip),
					    ip_str(sip), why);
				path_ev_commit(h->sim, &ev);
				return;
			}
			/* neigh_event_ns(): create or override the sender's entry, STALE */
			ne = neigh_lookup(h, n->ifindex, sip);
			if (!ne)
				ne = neigh_create(h, n->ifindex, sip);
			neigh_learn(h, n, ne, p->src_mac, NUD_STALE, true, pkt_id, p,
				    E_("request from the asker"));
			{
				struct pkt r;
				enum origin from[FIELD__COUNT] = { 0 };
				char whyr[1100], m[18];

				memset(&r, 0, sizeof(r));
				r.is_arp = true;
				r.arp_op = 2;
				r.arp_sip = tip;
				r.arp_tip = sip;
				memcpy(r.src_mac, n->mac, 6);
				memcpy(r.dst_mac, p->src_mac, 6);
				mac_fmt(n->mac, m);
				snprintf(whyr, sizeof(whyr), "%s is-at %s (%s's MAC): %s",
					 ip_str(tip), m, n->name, why);
				path_nic_xmit(h, n, path_new_pkt_id(h->sim), &r, from, NULL, whyr);
			}
			return;
		}
		if (rc == -EINVAL && host_find_local(h, tip)) {
			path_ev_init(&ev, h, TRACE_NEIGH, pkt_id, p, NULL);
			snprintf(ev.iif, sizeof(ev.iif), "%s", n->name);
			ev.verdict = VERDICT_IGNORE;
			path_ev_why(&ev,
				    E_("who-has %s tell %s: input route check failed (rp_filter=%d "
				       "rejects the sender on %s), no reply"),
				    ip_str(tip), ip_str(sip), nic_conf(h, n, DEVCONF_RP_FILTER),
				    n->name);
			path_ev_commit(h->sim, &ev);
			return;
		}
	}
	/* "Update our ARP tables": an existing entry for the sender is refreshed;
	 * override only after LOCKTIME (D7) */
	ne = neigh_lookup(h, n->ifindex, sip);
	if (!ne) {
		if (p->arp_op == 2) {
			path_ev_init(&ev, h, TRACE_NEIGH, pkt_id, p, NULL);
			snprintf(ev.iif, sizeof(ev.iif), "%s", n->name);
			ev.verdict = VERDICT_IGNORE;
			path_ev_why(&ev,
				    E_("unsolicited reply for %s: no entry on %s and arp_accept=0"),
				    ip_str(sip), n->name);
			path_ev_commit(h->sim, &ev);
		}
		return;
	}
	{
		bool override = ne->state == NUD_INCOMPLETE ||
				h->sim->now_us - ne->updated_us >= PATH_ARP_LOCKTIME_US;
		uint8_t st = p->arp_op == 2 ? NUD_REACHABLE : NUD_STALE;

		neigh_learn(h, n, ne, p->src_mac, st, override, pkt_id, p,
			    p->arp_op == 2 ? E_("ARP reply")
					   : E_("ARP request from a known neighbour"));
	}
}
