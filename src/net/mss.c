/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * mss: TCP's maximum segment size (MSS), the option a SYN and a SYN-ACK carry.
 *
 * - Advertised (tcp_advertise_mss, tcp_make_synack): the route's advmss metric, else
 *   ipv4_default_advmss(): the route's MTU less 40 (the IP and TCP headers), at least
 *   ip_rt_min_advmss (256), at most 65535 - 40. The route's MTU (ipv4_mtu) is its mtu
 *   metric, else its device's, cut to IP_MAX_MTU (lo's 65536 gives 65495). pktpath
 *   models no PMTU exceptions.
 * - Used (tcp_mtu_to_mss): the MTU less 40, no more than the peer's MSS (536 when its SYN
 *   carried none: TCP_MSS_DEFAULT), at least tcp_min_snd_mss (48), less 12 for the
 *   timestamps option when both ends took it (Linux offers it: tcp_timestamps=1). A
 *   segment of that size or more is full-sized: Nagle lets it go, and segmentation offload
 *   splits it only on a device without TSO (a veth passes a write whole). pktpath models
 *   segments below the MSS only, so a write that would make a longer one is refused.
 * - The TCPMSS target (tcpmss_mangle_packet): the new MSS is --set-mss, or with
 *   --clamp-mss-to-pmtu the smaller of the MTU of the packet's route and of the route
 *   back to its source (a lookup by destination only), less 40. An MSS option above it
 *   is lowered, never raised; a segment without one and without data gets one, of at
 *   most 536 (RFC 1122's default); a segment with data is left alone.
 */
#include "mss.h"

#include <stdio.h>
#include <string.h>

#include "base/i18n.h"
#include "fib.h"
#include "model.h"
#include "nf.h"
#include "path.h"

enum { IP_MAX_MTU = 0xffff, TCPIP_HDR = 40, MIN_ADVMSS = 256, MIN_SND_MSS = 48, TS_OPT = 12 };
enum { TCP_MSS_DEFAULT = 536 };

unsigned mss_dev_mtu(const struct host *h, int ifindex)
{
	const struct nic *n = host_nic_by_index_c(h, ifindex);
	unsigned mtu = n && n->mtu > 0 ? (unsigned)n->mtu : 0;

	return mtu > IP_MAX_MTU ? IP_MAX_MTU : mtu;
}

unsigned mss_route_mtu(const struct host *h, const struct path_route *rt)
{
	unsigned mtu = rt->pmtu ? rt->pmtu : rt->mtu;

	if (!mtu) {
		mtu = mss_dev_mtu(h, rt->dev);
		if ((rt->mtu_locked || rt->pmtu_locked) && rt->uses_gw && mtu > 576)
			mtu = 576;
	}
	return mtu > IP_MAX_MTU ? IP_MAX_MTU : mtu;
}

unsigned mss_fwd_mtu(const struct host *h, const struct path_route *rt)
{
	struct path_route c = *rt;

	if (!c.mtu_locked && !c.pmtu_locked && !h->ip_fwd_use_pmtu)
		c.pmtu = 0;
	return mss_route_mtu(h, &c);
}

uint16_t mss_advmss(const struct host *h, const struct path_route *rt)
{
	unsigned mtu = mss_route_mtu(h, rt);
	unsigned m = mtu > TCPIP_HDR + MIN_ADVMSS ? mtu - TCPIP_HDR : MIN_ADVMSS;

	if (rt->advmss)
		return rt->advmss;
	return (uint16_t)(m > IP_MAX_MTU - TCPIP_HDR ? IP_MAX_MTU - TCPIP_HDR : m);
}

void mss_advmss_why(const struct host *h, const struct path_route *rt, struct strbuf *sb)
{
	const struct nic *n = host_nic_by_index_c(h, rt->dev);
	unsigned mtu = mss_route_mtu(h, rt);

	if (rt->advmss)
		strbuf_puts(sb, E_("the route's advmss metric"));
	else if (rt->pmtu && mtu > TCPIP_HDR + MIN_ADVMSS)
		strbuf_printf(sb, E_("the path MTU %u (a route exception) less 40"), mtu);
	else if (mtu <= TCPIP_HDR + MIN_ADVMSS)
		strbuf_printf(sb, E_("at least %u (ip_rt_min_advmss), above the MTU %u less 40"),
			      MIN_ADVMSS, mtu);
	else if (rt->mtu)
		strbuf_printf(sb, E_("the route's mtu metric %u less 40"), mtu);
	else if (rt->mtu_locked && rt->uses_gw && mtu == 576)
		strbuf_puts(sb, E_("576 less 40: the route locks its MTU without a value and "
				   "goes through a gateway"));
	else if (n && n->mtu > IP_MAX_MTU)
		strbuf_printf(sb, E_("%s's MTU %d, counted as %u, less 40"), n->name, n->mtu, mtu);
	else
		strbuf_printf(sb, E_("%s's MTU %u less 40"), n ? n->name : "?", mtu);
}

unsigned mss_send(const struct host *h, const struct path_route *rt, uint16_t peer_mss, bool ts)
{
	unsigned mtu = mss_route_mtu(h, rt);
	unsigned m = mtu > TCPIP_HDR ? mtu - TCPIP_HDR : 0;

	if (m > (peer_mss ? peer_mss : TCP_MSS_DEFAULT))
		m = peer_mss ? peer_mss : TCP_MSS_DEFAULT;
	if (m < MIN_SND_MSS)
		m = MIN_SND_MSS;
	return ts ? m - TS_OPT : m;
}

void nf_tcpmss(struct host *h, const struct nf_rule *r, enum nf_hook k, struct nf_pkt *np,
	       struct nf_mss *out)
{
	struct pkt *p = np->p;
	unsigned newmss;

	memset(out, 0, sizeof(*out));
	out->before = out->after = p->mss;
	if (p->proto != PKT_PROTO_TCP)
		return;
	if (r->tcpmss == NF_TCPMSS_CLAMP) {
		struct flow fl = { 0 };
		struct rtable rt;
		const struct nic *o = np->oif[0] ? host_nic(h, np->oif) : NULL;
		struct path_route br;
		unsigned back = ~0u, min;

		if (k == NF_PREROUTING) {
			/* no route yet (skb_dst is NULL): a user chain reached from PREROUTING,
			 * since a base chain there refuses the rule */
			out->no_route = true;
			return;
		}
		/* in INPUT the route is the local one, out of lo */
		out->mtu_out = k != NF_INPUT && np->dst
				       ? mss_route_mtu(h, np->dst)
				       : mss_dev_mtu(h, k == NF_INPUT || !o ? LOOPBACK_IFINDEX
									    : o->ifindex);
		fl.daddr = p->src; /* tcpmss_reverse_mtu() */
		if (fib_route_output(h, &fl, &rt) == 0) {
			path_route_from_rtable(h, &rt, &br);
			back = out->mtu_back = mss_route_mtu(h, &br);
		}
		min = out->mtu_out < back ? out->mtu_out : back;
		if (min <= TCPIP_HDR) {
			out->drop = true; /* "unknown or invalid path-MTU": NF_DROP */
			return;
		}
		newmss = min - TCPIP_HDR;
	} else {
		newmss = r->tcpmss;
	}
	if (p->mss) {
		if (p->mss > newmss)
			p->mss = (uint16_t)newmss;
	} else if (!pkt_payload(p)[0]) {
		p->mss = (uint16_t)(newmss < TCP_MSS_DEFAULT ? newmss : TCP_MSS_DEFAULT);
	}
	out->after = p->mss;
}

void nf_mss_why(const struct nf_rule *r, const struct nf_mss *m, const char *oif, uint32_t src,
		struct strbuf *sb)
{
	char back[16];

	snprintf(back, sizeof(back), "%s", ip_str(src));
	if (m->no_route) {
		strbuf_puts(sb, E_("TCPMSS --clamp-mss-to-pmtu in PREROUTING (reached through a "
				   "user chain) has no route to clamp to yet: pktpath does not "
				   "model this and leaves the MSS as it is"));
		return;
	}
	if (m->drop) {
		strbuf_printf(sb,
			      E_("TCPMSS: the path MTU (%u) leaves no room for an MSS: the packet "
				 "is dropped"),
			      m->mtu_out < m->mtu_back || !m->mtu_back ? m->mtu_out : m->mtu_back);
		return;
	}
	if (m->before)
		strbuf_printf(sb, E_("mss %u -> %u by TCPMSS"), m->before, m->after);
	else
		strbuf_printf(sb,
			      E_("mss option added, %u, by TCPMSS: the segment had none and no "
				 "data (at most 536, the MSS a peer assumes without one)"),
			      m->after);
	if (r->tcpmss != NF_TCPMSS_CLAMP)
		strbuf_printf(sb, E_(" (--set-mss %u: an MSS is lowered, never raised)"),
			      r->tcpmss);
	else if (m->mtu_back)
		strbuf_printf(sb,
			      E_(" (clamped to the path MTU: the smaller of %s's MTU %u and the "
				 "MTU %u of the route back to %s, less 40)"),
			      oif[0] ? oif : "lo", m->mtu_out, m->mtu_back, back);
	else
		strbuf_printf(sb, E_(" (clamped to %s's MTU %u less 40: no route back to %s)"),
			      oif[0] ? oif : "lo", m->mtu_out, back);
}
