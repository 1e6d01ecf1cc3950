/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * netlink-apply: `--apply` (docs/architecture.md "Real kernel mode"). One console edit, as
 * iproute2 would send it, goes to the kernel through libnl's
 * rtnl_route_add/rtnl_route_delete, rtnl_rule_add/rtnl_rule_delete,
 * rtnl_addr_add/rtnl_addr_delete and rtnl_link_change, and the kernel's answer is reported
 * the way iproute2 reports it:
 * - `Error: <message>.` when the kernel sent an extended ack message (extack). libnl 3.7
 *   neither enables nor exposes extack, so this file sets NETLINK_EXT_ACK on the socket
 *   itself and reads the ack in a NL_CB_MSG_IN callback (which sees the raw NLMSG_ERROR,
 *   TLVs included) before libnl maps the errno to its own codes;
 * - `RTNETLINK answers: <strerror>` otherwise (iproute2's rtnl_talk_error());
 * - `Warning: <message>.` for an extack warning on success.
 * Where libnl's message differs from iproute2's, the request is built with libnl's
 * rtnl_*_build_*_request() and completed before nl_send_sync() (what rtnl_*_add() does
 * inside): `ip route change` (NLM_F_REPLACE without NLM_F_CREATE), rule `not` and
 * `suppress_prefixlength` (no libnl setters), address `metric` (IFA_RT_PRIORITY, not in
 * libnl 3.7), and the wildcard `ip addr del ADDR dev D` without a prefix length, which
 * iproute2 sends without IFA_ADDRESS (rtnl_addr always adds it).
 */
#include "netlink-priv.h"

#include <errno.h>
#include <net/if.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include <arpa/inet.h>
#include <linux/fib_rules.h>
#include <linux/if_addr.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wcast-qual"
#pragma GCC diagnostic ignored "-Wstrict-prototypes"
#include <netlink/addr.h>
#include <netlink/attr.h>
#include <netlink/handlers.h>
#include <netlink/msg.h>
#include <netlink/netlink.h>
#include <netlink/route/addr.h>
#include <netlink/route/link.h>
#include <netlink/route/nexthop.h>
#include <linux/nexthop.h>
#include <netlink/route/route.h>
#include <netlink/route/rule.h>
#include <netlink/socket.h>
#pragma GCC diagnostic pop

#ifndef SOL_NETLINK
#define SOL_NETLINK 270
#endif

struct ack {
	bool got;
	int err;       /* the kernel's errno, negative, 0 = accepted */
	char ext[256]; /* NLMSGERR_ATTR_MSG, "" = none */
};

/* Every received message passes here first (libnl's NL_CB_MSG_IN), the NLMSG_ERROR
 * with its extack TLVs included. */
static int ack_cb(struct nl_msg *m, void *arg)
{
	struct ack *a = arg;
	struct nlmsghdr *nlh = nlmsg_hdr(m);
	struct nlmsgerr *e;
	size_t off;

	if (nlh->nlmsg_type != NLMSG_ERROR || nlh->nlmsg_len < NLMSG_LENGTH(sizeof(*e)))
		return NL_OK;
	e = nlmsg_data(nlh);
	a->got = true;
	a->err = e->error;
	a->ext[0] = '\0';
	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS))
		return NL_OK;
	off = sizeof(*e);
	if (!(nlh->nlmsg_flags & NLM_F_CAPPED))
		off += e->msg.nlmsg_len - NLMSG_HDRLEN;
	if (NLMSG_HDRLEN + off < nlh->nlmsg_len) {
		struct nlattr *tb[NLMSGERR_ATTR_MAX + 1];
		int len = (int)(nlh->nlmsg_len - NLMSG_HDRLEN - off);

		if (nla_parse(tb, NLMSGERR_ATTR_MAX, (struct nlattr *)((char *)e + off), len,
			      NULL) == 0 &&
		    tb[NLMSGERR_ATTR_MSG])
			snprintf(a->ext, sizeof(a->ext), "%.*s", nla_len(tb[NLMSGERR_ATTR_MSG]),
				 (const char *)nla_data(tb[NLMSGERR_ATTR_MSG]));
		a->ext[strcspn(a->ext, "\n")] = '\0';
	}
	return NL_OK;
}

/* iproute2's nl_dump_ext_ack() and rtnl_talk_error() */
static void ack_text(const struct ack *a, char *msg, size_t msglen)
{
	size_t n = strlen(a->ext);

	if (n > 0)
		snprintf(msg, msglen, "%s: %s%s", a->err ? "Error" : "Warning", a->ext,
			 a->ext[n - 1] == '.' ? "" : ".");
	else if (a->err)
		snprintf(msg, msglen, "RTNETLINK answers: %s", strerror(-a->err));
	else
		msg[0] = '\0';
}

static struct nl_addr *ip_addr(uint32_t ip, int plen)
{
	uint32_t be = htonl(ip);
	struct nl_addr *a = nl_addr_build(AF_INET, &be, 4);

	if (a)
		nl_addr_set_prefixlen(a, plen);
	return a;
}

/* send a built request, as rtnl_*_add() would (nl_send_sync frees it) */
static int send_built(struct nl_sock *sk, int err, struct nl_msg *m)
{
	if (err < 0)
		return err;
	return nl_send_sync(sk, m);
}

/* RTA_MULTIPATH as iproute2's parse_nexthops() builds it: one struct rtnexthop per path
 * (rtnh_hops is the weight less one), its gateway inside its length. libnl's own
 * encoding would send one path as RTA_GATEWAY, and none beside a device or gateway
 * given for the route, which the kernel answers differently. 0, or -EMSGSIZE when the
 * message has no room (as every put here). */
static int put_multipath(struct nl_msg *m, const struct nlx_route *r)
{
	struct nlattr *mp = nla_nest_start(m, RTA_MULTIPATH);

	if (!mp)
		return -EMSGSIZE;
	for (int i = 0; i < r->nnh; i++) {
		struct rtnexthop *rtnh = nlmsg_reserve(m, sizeof(*rtnh), NLMSG_ALIGNTO);

		if (!rtnh)
			return -EMSGSIZE;
		rtnh->rtnh_flags = (unsigned char)r->nh[i].flags;
		rtnh->rtnh_hops = (unsigned char)(r->nh[i].weight - 1);
		rtnh->rtnh_ifindex = r->nh[i].oif;
		if (r->nh[i].gw) {
			uint32_t be = htonl(r->nh[i].gw);

			if (nla_put(m, RTA_GATEWAY, sizeof(be), &be) < 0)
				return -EMSGSIZE;
		}
		rtnh->rtnh_len = (unsigned short)((char *)nlmsg_tail(nlmsg_hdr(m)) - (char *)rtnh);
	}
	nla_nest_end(m, mp);
	return 0;
}

static int do_route(struct nl_sock *sk, const struct nlx_edit *e)
{
	const struct nlx_route *r = &e->r;
	struct rtnl_route *rt = rtnl_route_alloc();
	struct nl_msg *m = NULL;
	struct nl_addr *a;
	int err = -NLE_NOMEM;

	if (!rt)
		return err;
	rtnl_route_set_family(rt, AF_INET);
	a = ip_addr(r->dst, r->plen);
	if (!a)
		goto out;
	rtnl_route_set_dst(rt, a);
	nl_addr_put(a);
	rtnl_route_set_table(rt, r->table);
	rtnl_route_set_tos(rt, r->tos);
	rtnl_route_set_type(rt, r->type);
	rtnl_route_set_scope(rt, r->scope);
	rtnl_route_set_protocol(rt, r->proto);
	if (r->priority || e->metric_given)
		rtnl_route_set_priority(rt, r->priority);
	if ((r->has_mtu && rtnl_route_set_metric(rt, RTAX_MTU, r->mtu) < 0) ||
	    (r->has_advmss && rtnl_route_set_metric(rt, RTAX_ADVMSS, r->advmss) < 0) ||
	    (r->locks &&
	     rtnl_route_set_metric(rt, RTAX_LOCK,
				   ((r->locks & NLX_LOCK_MTU) ? 1u << RTAX_MTU : 0) |
					   ((r->locks & NLX_LOCK_ADVMSS) ? 1u << RTAX_ADVMSS : 0)) <
		     0))
		goto out;
	if (r->prefsrc) {
		a = ip_addr(r->prefsrc, 32);
		if (!a)
			goto out;
		rtnl_route_set_pref_src(rt, a);
		nl_addr_put(a);
	}
	if (r->gw || r->oif || r->nh_flags) {
		struct rtnl_nexthop *nh = rtnl_route_nh_alloc();

		if (!nh)
			goto out;
		if (r->gw) {
			a = ip_addr(r->gw, 32);
			if (!a) {
				rtnl_route_nh_free(nh);
				goto out;
			}
			rtnl_route_nh_set_gateway(nh, a);
			nl_addr_put(a);
		}
		if (r->oif)
			rtnl_route_nh_set_ifindex(nh, r->oif);
		if (r->nh_flags)
			rtnl_route_nh_set_flags(nh, r->nh_flags);
		rtnl_route_add_nexthop(rt, nh);
	}
	/* iproute2's flags per verb (the add request has NLM_F_CREATE; change drops it) */
	if (e->op == NLX_ROUTE_DEL) {
		err = rtnl_route_build_del_request(rt, 0, &m);
	} else {
		static const int verb_flags[] = {
			[NLX_ADD] = NLM_F_EXCL,
			[NLX_APPEND] = NLM_F_APPEND,
			[NLX_PREPEND] = 0,
			[NLX_REPLACE] = NLM_F_REPLACE,
			[NLX_CHANGE] = NLM_F_REPLACE,
		};

		err = rtnl_route_build_add_request(rt, verb_flags[e->verb], &m);
		if (err >= 0 && e->verb == NLX_CHANGE)
			nlmsg_hdr(m)->nlmsg_flags &= ~(uint16_t)NLM_F_CREATE;
	}
	if (err >= 0 && r->nhid && nla_put_u32(m, RTA_NH_ID, r->nhid) < 0) {
		nlmsg_free(m);
		err = -NLE_MSGSIZE;
		goto out;
	}
	if (err >= 0 && r->nnh && put_multipath(m, r) < 0) {
		nlmsg_free(m);
		err = -NLE_MSGSIZE;
		goto out;
	}
	err = send_built(sk, err, m);
out:
	rtnl_route_put(rt);
	return err;
}

/* ipnh_modify(): RTM_NEWNEXTHOP (create, and exclusive or replace) or RTM_DELNEXTHOP
 * with what was given; libnl 3.7 has no nexthop objects, so the message is built here */
static int do_nexthop(struct nl_sock *sk, const struct nlx_edit *e)
{
	const struct nlx_nh_edit *n = &e->nh;
	bool del = e->op == NLX_NH_DEL;
	struct nhmsg nhm = { .nh_family = n->inet ? AF_INET : AF_UNSPEC,
			     .nh_protocol = (unsigned char)n->proto,
			     .nh_flags = n->onlink ? RTNH_F_ONLINK : 0 };
	struct nl_msg *m = nlmsg_alloc_simple(
		del ? RTM_DELNEXTHOP : RTM_NEWNEXTHOP,
		del ? 0 : NLM_F_CREATE | (n->replace ? NLM_F_REPLACE : NLM_F_EXCL));
	uint32_t be = htonl(n->gw);

	if (!m)
		return -NLE_NOMEM;
	if (nlmsg_append(m, &nhm, sizeof(nhm), NLMSG_ALIGNTO) < 0 ||
	    (n->id_given && nla_put_u32(m, NHA_ID, n->id) < 0) ||
	    (n->oif_given && nla_put_u32(m, NHA_OIF, (uint32_t)n->oif) < 0) ||
	    (n->gw && nla_put(m, NHA_GATEWAY, sizeof(be), &be) < 0) ||
	    (n->blackhole && nla_put_flag(m, NHA_BLACKHOLE) < 0))
		goto full;
	if (n->ngrp >= 0) {
		struct nexthop_grp g[NLX_MP_MAX];

		memset(g, 0, sizeof(g));
		for (int i = 0; i < n->ngrp; i++) {
			g[i].id = n->grp[i].id;
			g[i].weight = (uint8_t)(n->grp[i].weight - 1);
		}
		if (nla_put(m, NHA_GROUP, (int)((size_t)n->ngrp * sizeof(g[0])), g) < 0)
			goto full;
	}
	return send_built(sk, 0, m);
full:
	nlmsg_free(m);
	return -NLE_MSGSIZE;
}

static bool rule_has_l4(const struct nlx_rule *r)
{
	return r->ip_proto || r->has_sport || r->has_dport || r->sport_lo || r->dport_lo ||
	       r->has_uid;
}

/* FRA_IP_PROTO, the port ranges and FRA_UID_RANGE as iproute2 sends them */
static int put_rule_l4(struct nl_msg *m, const struct nlx_rule *r)
{
	if (r->ip_proto && nla_put_u8(m, FRA_IP_PROTO, r->ip_proto) < 0)
		return -EMSGSIZE;
	if (r->has_sport || r->sport_lo) {
		struct fib_rule_port_range p = { r->sport_lo, r->sport_hi };

		if (nla_put(m, FRA_SPORT_RANGE, sizeof(p), &p) < 0)
			return -EMSGSIZE;
	}
	if (r->has_dport || r->dport_lo) {
		struct fib_rule_port_range p = { r->dport_lo, r->dport_hi };

		if (nla_put(m, FRA_DPORT_RANGE, sizeof(p), &p) < 0)
			return -EMSGSIZE;
	}
	if (r->has_uid) {
		struct fib_rule_uid_range u = { r->uid_lo, r->uid_hi };

		if (nla_put(m, FRA_UID_RANGE, sizeof(u), &u) < 0)
			return -EMSGSIZE;
	}
	return 0;
}

static int do_rule(struct nl_sock *sk, const struct nlx_edit *e)
{
	const struct nlx_rule *r = &e->rule;
	struct rtnl_rule *ru = rtnl_rule_alloc();
	struct nl_addr *a;
	struct nl_msg *m = NULL;
	bool add = e->op == NLX_RULE_ADD;
	int err = -NLE_NOMEM;

	if (!ru)
		return err;
	rtnl_rule_set_family(ru, AF_INET);
	if (e->pref_given)
		rtnl_rule_set_prio(ru, r->pref);
	if (r->src_len) {
		a = ip_addr(r->src, r->src_len);
		if (!a)
			goto out;
		rtnl_rule_set_src(ru, a);
		nl_addr_put(a);
	}
	if (r->dst_len) {
		a = ip_addr(r->dst, r->dst_len);
		if (!a)
			goto out;
		rtnl_rule_set_dst(ru, a);
		nl_addr_put(a);
	}
	rtnl_rule_set_dsfield(ru, r->tos);
	if (r->has_mark) {
		rtnl_rule_set_mark(ru, r->mark);
		rtnl_rule_set_mask(ru, r->mask);
	}
	if (r->iif[0])
		rtnl_rule_set_iif(ru, r->iif);
	if (r->oif[0])
		rtnl_rule_set_oif(ru, r->oif);
	rtnl_rule_set_action(ru, r->action);
	rtnl_rule_set_table(ru, r->table);
	if (r->action == FR_ACT_GOTO)
		rtnl_rule_set_goto(ru, r->goto_target);
	if (!r->invert && r->suppress_prefixlen < 0 && !rule_has_l4(r)) {
		err = add ? rtnl_rule_add(sk, ru, NLM_F_EXCL) : rtnl_rule_delete(sk, ru, 0);
		goto out;
	}
	err = add ? rtnl_rule_build_add_request(ru, NLM_F_EXCL, &m)
		  : rtnl_rule_build_delete_request(ru, 0, &m);
	if (err >= 0) {
		struct fib_rule_hdr *frh = nlmsg_data(nlmsg_hdr(m));

		if (r->invert)
			frh->flags |= FIB_RULE_INVERT;
		if (r->suppress_prefixlen >= 0 &&
		    nla_put_u32(m, FRA_SUPPRESS_PREFIXLEN, (uint32_t)r->suppress_prefixlen) < 0)
			err = -NLE_NOMEM;
		if (put_rule_l4(m, r) < 0)
			err = -NLE_NOMEM;
		if (err < 0)
			nlmsg_free(m);
	}
	err = send_built(sk, err, m);
out:
	rtnl_rule_put(ru);
	return err;
}

static int do_addr(struct nl_sock *sk, const struct nlx_edit *e)
{
	const struct nlx_addr *x = &e->a;
	struct rtnl_addr *ad;
	struct nl_addr *a;
	struct nl_msg *m = NULL;
	int err = -NLE_NOMEM;

	if (e->op == NLX_ADDR_DEL && !e->plen_given && e->local_given) {
		/* wildcard deletion: IFA_LOCAL without IFA_ADDRESS, prefix length 32 */
		struct ifaddrmsg ifa = { .ifa_family = AF_INET,
					 .ifa_prefixlen = 32,
					 .ifa_scope = x->scope,
					 .ifa_index = (unsigned)e->ifindex };
		uint32_t be = htonl(x->local);

		m = nlmsg_alloc_simple(RTM_DELADDR, 0);
		if (!m)
			return err;
		if (nlmsg_append(m, &ifa, sizeof(ifa), NLMSG_ALIGNTO) < 0 ||
		    nla_put(m, IFA_LOCAL, 4, &be) < 0 ||
		    (e->label_given && nla_put_string(m, IFA_LABEL, x->label) < 0)) {
			nlmsg_free(m);
			return err;
		}
		return nl_send_sync(sk, m);
	}
	ad = rtnl_addr_alloc();
	if (!ad)
		return err;
	rtnl_addr_set_family(ad, AF_INET);
	rtnl_addr_set_ifindex(ad, e->ifindex);
	if (e->local_given) {
		a = ip_addr(x->local, x->plen);
		if (!a)
			goto out;
		rtnl_addr_set_local(ad, a);
		nl_addr_put(a);
	}
	rtnl_addr_set_prefixlen(ad, x->plen);
	rtnl_addr_set_scope(ad, x->scope);
	if (x->brd) {
		a = ip_addr(x->brd, 32);
		if (!a)
			goto out;
		rtnl_addr_set_broadcast(ad, a);
		nl_addr_put(a);
	}
	if (e->label_given)
		rtnl_addr_set_label(ad, x->label);
	if (x->flags)
		rtnl_addr_set_flags(ad, (int)x->flags);
	if (e->op == NLX_ADDR_DEL) {
		err = rtnl_addr_delete(sk, ad, 0);
	} else if (!x->metric) {
		err = rtnl_addr_add(sk, ad, NLM_F_EXCL);
	} else {
		err = rtnl_addr_build_add_request(ad, NLM_F_EXCL, &m);
		if (err >= 0 && nla_put_u32(m, IFA_RT_PRIORITY, x->metric) < 0) {
			nlmsg_free(m);
			err = -NLE_NOMEM;
		}
		err = send_built(sk, err, m);
	}
out:
	rtnl_addr_put(ad);
	return err;
}

static int do_link(struct nl_sock *sk, const struct nlx_edit *e)
{
	struct rtnl_link *orig = NULL, *chg;
	int err = rtnl_link_get_kernel(sk, e->ifindex, NULL, &orig);

	if (err < 0)
		return err;
	chg = rtnl_link_alloc();
	if (!chg) {
		rtnl_link_put(orig);
		return -NLE_NOMEM;
	}
	if (e->up)
		rtnl_link_set_flags(chg, IFF_UP);
	else
		rtnl_link_unset_flags(chg, IFF_UP);
	err = rtnl_link_change(sk, orig, chg, 0);
	rtnl_link_put(chg);
	rtnl_link_put(orig);
	return err;
}

int nlx_edit(const char *netns, const struct nlx_edit *e, char *msg, size_t msglen)
{
	struct ack ack = { 0 };
	struct nl_sock *sk;
	int saved, err, one = 1;

	msg[0] = '\0';
	err = nlx_ns_enter(netns, &saved, msg, msglen);
	if (err)
		return err;
	sk = nl_socket_alloc();
	err = sk ? nl_connect(sk, NETLINK_ROUTE) : -NLE_NOMEM;
	nlx_ns_leave(saved);
	if (err < 0) {
		snprintf(msg, msglen, "netlink: %s", nl_geterror(err));
		if (sk)
			nl_socket_free(sk);
		return -EIO;
	}
	/* extended acks: libnl 3.7 has no nl_socket_set_ext_ack(); a kernel without them
	 * just answers with errno alone */
	setsockopt(nl_socket_get_fd(sk), SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one));
	nl_socket_modify_cb(sk, NL_CB_MSG_IN, NL_CB_CUSTOM, ack_cb, &ack);
	switch (e->op) {
	case NLX_ROUTE_NEW:
	case NLX_ROUTE_DEL:
		err = do_route(sk, e);
		break;
	case NLX_RULE_ADD:
	case NLX_RULE_DEL:
		err = do_rule(sk, e);
		break;
	case NLX_ADDR_ADD:
	case NLX_ADDR_DEL:
		err = do_addr(sk, e);
		break;
	case NLX_LINK_UPDOWN:
		err = do_link(sk, e);
		break;
	case NLX_NH_NEW:
	case NLX_NH_DEL:
		err = do_nexthop(sk, e);
		break;
	}
	nl_socket_free(sk);
	if (ack.got) {
		ack_text(&ack, msg, msglen);
		return ack.err ? 1 : 0;
	}
	if (err < 0) {
		snprintf(msg, msglen, "netlink: %s", nl_geterror(err));
		return -EIO;
	}
	return 0;
}
