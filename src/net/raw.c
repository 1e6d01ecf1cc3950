/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * raw: what an application sends by a raw socket: ping's ICMP echo request
 * (raw_sendmsg, the header built by the kernel) and a hand-made packet (IP_HDRINCL,
 * raw_send_hdrinc: every header field given). Both route, go through netfilter and leave
 * as any packet this host sends (path_ip_output).
 */
#include "base/i18n.h"
#include "path-int.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "fib.h"
#include "nf.h"
#include "mss.h"
/* The call fails with errno err (positive): its error event says why, the application
 * gets -err */
__attribute__((format(printf, 7, 8))) static int raw_error(struct host *h, int id,
							   const struct pkt *p,
							   const enum origin *from, int err,
							   struct diag *d, const char *fmt, ...)
{
	struct trace_draft ev;
	char why[600];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	path_ev_init(&ev, h, TRACE_ERROR, id, p, from);
	ev.err = err;
	ev.verdict = VERDICT_ERROR;
	path_ev_why(&ev, "%s", why);
	path_ev_commit(h->sim, &ev);
	return diag_set(d, -err, "%s", strerror(err));
}

/* raw_sendmsg(): ip_append_data() refuses, with EMSGSIZE, a datagram IP_PMTUDISC_DO
 * or PROBE may not fragment; else DF as the mode says (ip_dont_fragment, __ip_make_skb).
 * 0, or the error, its event made. */
static int raw_df(struct host *h, int id, struct pkt *p, const enum origin *from,
		  const struct path_route *pr, enum path_pmtudisc m, struct diag *d)
{
	bool refuse;
	unsigned mtu = path_pmtudisc_apply(h, m, pr, p, &refuse);

	if (refuse)
		return raw_error(h, id, p, from, EMSGSIZE, d,
				 E_("%u bytes, the %s MTU is %u and %s forbids fragments: "
				    "raw_sendmsg refuses, the application gets EMSGSIZE (ping: "
				    "local error: message too long, mtu=%u)"),
				 pkt_ip_len(p), p->dev_mtu ? E_("device's") : E_("path"), mtu,
				 path_pmtudisc_name(m), mtu);
	return 0;
}

static int output_fixed(struct host *h, struct pkt *p, int oif, bool anysrc,
			enum path_pmtudisc pmtudisc, const struct nf_owner *owner,
			enum origin *from, const char *what, struct diag *d)
{
	struct flow fl = { 0 };
	struct rtable rt;
	struct path_route pr;
	struct trace_draft ev;
	struct strbuf sb;
	int id = path_new_pkt_id(h->sim);
	uint32_t asked = p->src;
	int rc;

	/* the header a hand-made packet carries sets DF (the traffic oracle's helper writes
	 * it so); ping's raw socket (IP_PMTUDISC_WANT) as any socket, below */
	p->df = true;
	fl.daddr = p->dst;
	fl.saddr = p->src;
	fl.oif = oif;
	/* raw_sendmsg(): an IP_HDRINCL socket (anysrc) routes as its own protocol,
	 * IPPROTO_RAW, with no ports; a ping's flow carries the ICMP type and code */
	if (anysrc)
		fl.proto = 255;
	else
		flow_set_l4(&fl, p->proto, p->sport, p->dport);
	fl.anysrc = anysrc;
	path_ev_init(&ev, h, TRACE_APP_SEND, id, p, from);
	ev.verdict = VERDICT_SEND;
	path_ev_why(&ev, "%s", what);
	path_ev_commit(h->sim, &ev);
	rc = fib_route_output(h, &fl, &rt);
	if (rc) {
		return raw_error(h, id, p, from, -rc, d,
				 E_("output route lookup for %s failed: the application gets %s"),
				 ip_str(p->dst), errno_name(rc));
	}
	if (rt.flags & RTCF_BROADCAST) /* raw_sendmsg(): it needs SO_BROADCAST, no socket has */
		return raw_error(
			h, id, p, from, EACCES, d,
			E_("%s is a broadcast address (the route is broadcast) and the "
			   "socket has no SO_BROADCAST: raw_sendmsg refuses, the application "
			   "gets EACCES"),
			ip_str(p->dst));
	p->src = fl.saddr;
	path_route_from_rtable(h, &rt, &pr);
	if (!anysrc && (rc = raw_df(h, id, p, from, &pr, pmtudisc, d)) != 0)
		return rc;
	if (anysrc && pkt_ip_len(p) > mss_dev_mtu(h, rt.dev)) {
		/* raw_send_hdrinc(): a whole header given is never fragmented */
		return raw_error(h, id, p, from, EMSGSIZE, d,
				 E_("%u bytes with the header given, the MTU of %s is %u: "
				    "raw_sendmsg refuses, the application gets EMSGSIZE"),
				 pkt_ip_len(p), path_dev_name(h, rt.dev), mss_dev_mtu(h, rt.dev));
	}
	if (!asked)
		from[FIELD_SRC] = rt.res.route && rt.res.route->prefsrc == fl.saddr
					  ? ORIGIN_ROUTE
					  : ORIGIN_ADDR_SELECT;
	strbuf_init(&sb);
	path_route_desc(h, &rt, &sb);
	path_ev_init(&ev, h, TRACE_ROUTE_OUT, id, p, from);
	path_route_key(h, &rt, &ev.route);
	snprintf(ev.oif, sizeof(ev.oif), "%s", path_dev_name(h, rt.dev));
	ev.verdict = VERDICT_ACCEPT;
	if (asked)
		path_ev_why(&ev, E_("%s; src %s given by the application"), sb.buf, ip_str(asked));
	else
		path_ev_why(&ev, E_("%s; src %s %s"), sb.buf, ip_str(fl.saddr),
			    from[FIELD_SRC] == ORIGIN_ROUTE
				    ? E_("is the route's src")
				    : E_("chosen by inet_select_addr (B4)"));
	path_ev_commit(h->sim, &ev);
	strbuf_release(&sb);
	path_ip_output(h, &pr, id, p, from, NULL, owner);
	path_run(h->sim);
	return 0;
}

int path_ping(struct host *h, const struct path_ping_req *q, const struct nf_owner *owner,
	      struct diag *d)
{
	static uint32_t unused;
	struct pkt p;
	enum origin from[FIELD__COUNT] = { ORIGIN_ADDR_SELECT, ORIGIN_APP, ORIGIN_KERNEL,
					   ORIGIN_KERNEL, ORIGIN_ROUTE };
	char what[128];

	(void)unused;
	memset(&p, 0, sizeof(p));
	p.proto = PKT_PROTO_ICMP;
	p.sport = 8;
	p.dst = q->daddr;
	p.src = q->saddr;
	p.seq = 1;
	p.icmp_id = q->id;
	p.pad = q->size;
	if (q->saddr)
		from[FIELD_SRC] = ORIGIN_APP;
	if (q->oif)
		from[FIELD_OIF] = ORIGIN_SOCKET;
	snprintf(what, sizeof(what), E_("ping %s: ICMP echo request"), ip_str(q->daddr));
	h->ping_dev = q->oif; /* its raw socket hears ICMP errors on that device only */
	return output_fixed(h, &p, q->oif, false, q->pmtudisc, owner, from, what, d);
}

int path_inject(struct host *h, struct pkt *p, int oif, struct diag *d)
{
	enum origin from[FIELD__COUNT] = { ORIGIN_APP, ORIGIN_APP, ORIGIN_APP, ORIGIN_APP,
					   ORIGIN_ROUTE };
	static const struct nf_owner root = { .uid = 0 }; /* the application's raw socket */

	if (oif)
		from[FIELD_OIF] = ORIGIN_SOCKET;
	return output_fixed(
		h, p, oif, true, PMTUDISC_WANT, &root, from,
		E_("hand-crafted packet (raw socket, IP_HDRINCL): every header field from "
		   "the application"),
		d);
}
