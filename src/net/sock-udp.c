/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * sock-udp: a UDP socket's calls on the way out: bind, and each datagram sent
 * (udp_sendmsg, C5: the connected socket's cached route or a fresh lookup per datagram;
 * ip_append_data and IP_MTU_DISCOVER: DF, or EMSGSIZE for what may not be fragmented).
 * connect() and the receive side are with TCP's in sock.c and sock-rcv.c.
 */
#include "base/i18n.h"
#include "sock-int.h"
#include "nf.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

int sock_udp_bind(struct host *h, const struct sock_spec *s, struct sock **out, struct diag *d)
{
	struct sock *sk;
	struct trace_draft ev;
	int rc = sock_bind_check(h, s, d);

	if (rc)
		return rc;
	sk = sock_new(h, PKT_PROTO_UDP, s->name);
	sk->rcv_saddr = sk->saddr = s->laddr;
	sk->sport = s->lport ? s->lport : sock_ephemeral_port(h, PKT_PROTO_UDP);
	sk->sport_from = s->lport ? ORIGIN_APP : ORIGIN_KERNEL;
	sk->bound_dev = s->dev;
	sock_cred_set(sk, s);
	sk->pmtudisc = (uint8_t)s->pmtudisc;
	sock_index_note(h, sk);
	path_ev_init(&ev, h, TRACE_APP_SEND, 0, NULL, NULL);
	sock_ev_name(&ev, sk);
	ev.verdict = VERDICT_BIND;
	path_ev_why(&ev, E_("%s: UDP socket bound to %s:%u%s%s"), sk->name, ip_str(sk->rcv_saddr),
		    sk->sport, s->dev ? E_(" dev ") : "", s->dev ? path_dev_name(h, s->dev) : "");
	path_ev_commit(h->sim, &ev);
	*out = sk;
	return 0;
}

/* ip_append_data() under the socket's IP_MTU_DISCOVER: DF set on p, or true when the
 * datagram may not be fragmented and is refused (EMSGSIZE, its event made) */
static bool udp_pmtudisc(struct host *h, struct sock *sk, const struct path_route *rt, int id,
			 struct pkt *p, const enum origin *from)
{
	enum path_pmtudisc m = (enum path_pmtudisc)sk->pmtudisc;
	bool refuse;
	unsigned mtu = path_pmtudisc_apply(h, m, rt, p, &refuse);
	char what[300];

	if (!refuse)
		return false;
	snprintf(what, sizeof(what),
		 E_("%u bytes, the %s MTU is %u and %s forbids fragments: udp_sendmsg refuses"),
		 pkt_ip_len(p), p->dev_mtu ? E_("device's") : E_("path"), mtu,
		 path_pmtudisc_name(m));
	sock_emit_error(h, sk, id, p, from, -EMSGSIZE, what);
	return true;
}

int sock_udp_send(struct host *h, struct sock *sk, uint32_t daddr, uint16_t dport, const char *text,
		  uint16_t pad, bool use_cache, struct diag *d)
{
	struct nf_owner ob;
	struct pkt p;
	enum origin from[FIELD__COUNT] = { ORIGIN_SOCKET, ORIGIN_APP, ORIGIN_SOCKET, ORIGIN_APP,
					   ORIGIN_ROUTE };
	struct trace_draft ev;
	struct strbuf why;
	int id = path_new_pkt_id(h->sim);
	int rc;

	memset(&p, 0, sizeof(p));
	p.proto = PKT_PROTO_UDP;
	p.dst = daddr;
	p.dport = dport;
	p.sport = sk->sport;
	pkt_set_payload(&p, text);
	p.pad = pad;
	if (sk->bound_dev)
		from[FIELD_OIF] = ORIGIN_SOCKET;
	path_ev_init(&ev, h, TRACE_APP_SEND, id, &p, from);
	sock_ev_name(&ev, sk);
	ev.verdict = VERDICT_WRITE;
	path_ev_why(&ev, E_("%s: %s(\"%s\")%s"), sk->name, use_cache ? "send" : "sendto", text,
		    use_cache ? E_(": destination from connect()")
			      : E_(": the destination is given per datagram"));
	path_ev_commit(h->sim, &ev);
	strbuf_init(&why);
	if (use_cache) {
		/* connected: the cached route, revalidated like TCP (C5) */
		from[FIELD_DST] = from[FIELD_DPORT] = ORIGIN_SOCKET;
		rc = sock_route(h, sk, &why);
		p.src = sk->saddr;
	} else {
		/* unconnected: a fresh lookup per datagram with saddr = inet_saddr (C5) */
		struct flow fl = { 0 };
		struct rtable rt;

		fl.daddr = daddr;
		fl.saddr = sk->saddr;
		fl.oif = sk->bound_dev;
		flow_set_l4(&fl, PKT_PROTO_UDP, sk->sport, dport);
		rc = fib_route_output(h, &fl, &rt);
		if (rc == 0 && (rt.flags & RTCF_BROADCAST)) {
			/* udp_sendmsg(): a broadcast route needs SO_BROADCAST, which no socket
			 * here has */
			strbuf_printf(&why,
				      E_("%s is a broadcast address (the route is broadcast) and "
					 "the socket has no SO_BROADCAST: udp_sendmsg refuses"),
				      ip_str(daddr));
			rc = -EACCES;
		} else if (rc == 0) {
			p.src = fl.saddr;
			strbuf_puts(&why, E_("unconnected send: fresh lookup for this datagram: "));
			path_route_desc(h, &rt, &why);
			if (sk->saddr) {
				strbuf_printf(&why, E_("; src %s from the socket"),
					      ip_str(sk->saddr));
			} else if (rt.res.route && rt.res.route->prefsrc == fl.saddr) {
				from[FIELD_SRC] = ORIGIN_ROUTE;
				strbuf_printf(
					&why,
					E_("; src %s is the route's src, chosen again for every "
					   "datagram (C5)"),
					ip_str(fl.saddr));
			} else {
				from[FIELD_SRC] = ORIGIN_ADDR_SELECT;
				strbuf_printf(&why,
					      E_("; src %s chosen by inet_select_addr, again for "
						 "every datagram (C5)"),
					      ip_str(fl.saddr));
			}
			path_route_from_rtable(h, &rt, &sk->dst);
		} else {
			strbuf_printf(&why, E_("output route lookup for %s fails"), ip_str(daddr));
		}
	}
	path_ev_init(&ev, h, TRACE_ROUTE_OUT, id, &p, from);
	sock_ev_name(&ev, sk);
	if (rc) {
		ev.stage = TRACE_ERROR;
		ev.err = -rc;
		ev.verdict = VERDICT_ERROR;
		path_ev_why(&ev, E_("%s: the application gets %s"), why.buf, errno_name(rc));
		path_ev_commit(h->sim, &ev);
		strbuf_release(&why);
		sk->err = -rc;
		return diag_set(d, rc, "%s: %s", use_cache ? "send" : "sendto", strerror(-rc));
	}
	snprintf(ev.oif, sizeof(ev.oif), "%s", path_dev_name(h, sk->dst.dev));
	ev.route = sk->dst.match;
	ev.verdict = VERDICT_ACCEPT;
	path_ev_why(&ev, "%s", why.buf);
	path_ev_commit(h->sim, &ev);
	strbuf_release(&why);
	{
		struct path_route pr = sk->dst;

		if (udp_pmtudisc(h, sk, &pr, id, &p, from)) {
			path_run(h->sim);
			return diag_set(d, -EMSGSIZE, "%s: %s", use_cache ? "send" : "sendto",
					strerror(EMSGSIZE));
		}
		/* udp_send_skb(): ip_send_skb's error is sendmsg's (an OUTPUT DROP or REJECT: EPERM) */
		rc = path_ip_output(h, &pr, id, &p, from, sk->name, sock_owner(h, sk, &ob));
	}
	if (rc) {
		sock_emit_error(h, sk, id, &p, from, rc,
				E_("netfilter dropped the datagram on the way out: sendmsg fails"));
		path_run(h->sim);
		return diag_set(d, rc, "%s: %s", use_cache ? "send" : "sendto", strerror(-rc));
	}
	path_run(h->sim);
	return 0;
}

int sock_sendto(struct host *h, struct sock *sk, uint32_t daddr, uint16_t dport, const char *text,
		uint16_t pad, struct diag *d)
{
	if (sk->proto != PKT_PROTO_UDP)
		return diag_set(d, -EISCONN, _("sendto: a TCP socket sends with send"));
	if (!sk->sport) {
		sk->sport = sock_ephemeral_port(h, PKT_PROTO_UDP);
		sock_index_note(h, sk);
	}
	return sock_udp_send(h, sk, daddr, dport, text, pad, false, d);
}
