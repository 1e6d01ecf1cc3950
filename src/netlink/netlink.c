/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * netlink: the libnl adapter (docs/architecture.md, "Real kernel mode").
 *
 * Import of one network namespace into a model host:
 * - links through a libnl link cache (rtnl_link_alloc_cache): name, ifindex, MAC,
 *   admin state, carrier, mtu, qdisc (noop = never up), kind, veth peer, master;
 * - IPv4 addresses, routes of every table and rules through libnl dump requests
 *   (nl_send_simple + nl_recvmsgs), each message parsed with nlmsg_parse(). Not the
 *   rtnl_addr/rtnl_route/rtnl_rule caches, on purpose: libnl's objects drop attributes
 *   the model needs (IFA_RT_PRIORITY, FRA_SUPPRESS_PREFIXLEN, FIB_RULE_INVERT), and the
 *   route cache merges routes that libnl considers identical but the kernel keeps apart
 *   (same prefix/table/tos/metric, e.g. after `ip route append`; libnl issue 226). A
 *   dump also comes in exactly the order the model keeps: addresses in list order (B1),
 *   routes per table by key, longest prefix first, then alias order (A5) — so import is
 *   an append, O(n) for a full Internet table;
 * - IPv4 sysctls from /proc/sys/net/ipv4/conf/<dev>/, read inside the namespace;
 * - the route exceptions ICMP redirects and "fragmentation needed" made (an RTM_F_CLONED
 *   dump with strict checking, as `ip route show cache`), each bound to the route its
 *   destination matches in its table (the dump does not name the route); a path MTU is
 *   the dumped mtu where it differs from the route's own. They are read at import: the
 *   kernel sends no notification when one appears.
 *
 * Approximations (the kernel does not expose these):
 * - fib_has_custom_rules: set when the rules differ from the three defaults (A1). A
 *   namespace where a rule was added and deleted again is really unmerged (A4) but is
 *   imported as merged; only visible with wide user-added local routes.
 * - cnf.state bits (conf_set): a device value is taken as "set" when it differs from
 *   conf/default.
 * - nh_scope of gateway routes is recomputed from the imported state (A7.3).
 * - Table creation order (dump order of `ip route show table all` within a hash bucket)
 *   is reconstructed from the dump order; empty tables are invisible in a dump.
 * - Multipath routes: every path (counted in nl_import_stats.multipath).
 *   Nexthop objects (RTA_NH_ID), ptp peer addresses and the l3mdev rule selector are
 *   counted as unsupported.
 */
#include "netlink-priv.h"
#include "net/kroute.h"

#include <errno.h>
#include <dirent.h>
#include <fcntl.h>
#include <limits.h>
#include <net/if.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <arpa/inet.h>
#include <linux/fib_rules.h>
#include <linux/if_addr.h>
#include <linux/if_arp.h>
#include <linux/net_namespace.h>
#include <linux/nexthop.h>
#include <linux/rtnetlink.h>
#include <sys/socket.h>

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wcast-qual"
#pragma GCC diagnostic ignored "-Wstrict-prototypes"
#include <netlink/addr.h>
#include <netlink/attr.h>
#include <netlink/cache.h>
#include <netlink/handlers.h>
#include <netlink/msg.h>
#include <netlink/netlink.h>
#include <netlink/route/link.h>
#include <netlink/route/nexthop.h>
#include <netlink/route/route.h>
#include <netlink/socket.h>
#pragma GCC diagnostic pop

/* ---- namespaces ---- */

static int ns_enter(const char *netns, int *saved, char *msg, size_t msglen)
{
	char path[512];
	int fd;

	*saved = -1;
	if (!netns || !*netns || strcmp(netns, ".") == 0)
		return 0;
	if (strchr(netns, '/'))
		snprintf(path, sizeof(path), "%s", netns);
	else
		snprintf(path, sizeof(path), "/run/netns/%s", netns);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		int e = errno;

		snprintf(msg, msglen, "cannot open network namespace \"%s\": %s", netns,
			 strerror(e));
		return -e;
	}
	*saved = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
	if (*saved < 0 || setns(fd, CLONE_NEWNET) < 0) {
		int e = errno;

		snprintf(msg, msglen, "setting the network namespace \"%s\" failed: %s", netns,
			 strerror(e));
		close(fd);
		if (*saved >= 0)
			close(*saved);
		*saved = -1;
		return -e;
	}
	close(fd);
	return 0;
}

static void ns_leave(int saved)
{
	if (saved < 0)
		return;
	if (setns(saved, CLONE_NEWNET) < 0) {
		/* cannot happen for a namespace we came from; never keep running elsewhere */
		perror("pktpath: setns back");
		abort();
	}
	close(saved);
}

/* ---- dumps ---- */

static struct nl_sock *rt_socket(char *msg, size_t msglen)
{
	struct nl_sock *sk = nl_socket_alloc();
	int err;

	if (!sk) {
		snprintf(msg, msglen, "netlink: out of memory");
		return NULL;
	}
	err = nl_connect(sk, NETLINK_ROUTE);
	if (err < 0) {
		snprintf(msg, msglen, "netlink: %s", nl_geterror(err));
		nl_socket_free(sk);
		return NULL;
	}
	nl_socket_set_msg_buf_size(sk, 1u << 20);
	nl_socket_set_buffer_size(sk, 4 << 20, 0);
	return sk;
}

static int dump(struct nl_sock *sk, int type, void *hdr, size_t hdrlen, nl_recvmsg_msg_cb_t cb,
		void *arg, char *msg, size_t msglen)
{
	int err;

	nl_socket_modify_cb(sk, NL_CB_VALID, NL_CB_CUSTOM, cb, arg);
	err = nl_send_simple(sk, type, NLM_F_DUMP, hdr, hdrlen);
	if (err >= 0)
		err = nl_recvmsgs_default(sk);
	if (err < 0) {
		snprintf(msg, msglen, "netlink dump %d: %s", type, nl_geterror(err));
		return -EIO;
	}
	return 0;
}

static uint32_t attr_ip(struct nlattr *a)
{
	uint32_t v;

	memcpy(&v, nla_data(a), 4);
	return ntohl(v);
}

/* Attribute policies: nlmsg_parse() then refuses a message whose attribute is shorter
 * than what is read from it (the kernel never sends one; a fuzzer does). Addresses are
 * NLA_U32-sized. */
static struct nla_policy addr_policy[IFA_MAX + 1] = {
	[IFA_ADDRESS] = { .type = NLA_U32 },	 [IFA_LOCAL] = { .type = NLA_U32 },
	[IFA_BROADCAST] = { .type = NLA_U32 },	 [IFA_FLAGS] = { .type = NLA_U32 },
	[IFA_RT_PRIORITY] = { .type = NLA_U32 }, [IFA_LABEL] = { .type = NLA_STRING },
};
static struct nla_policy route_policy[RTA_MAX + 1] = {
	[RTA_TABLE] = { .type = NLA_U32 },    [RTA_DST] = { .type = NLA_U32 },
	[RTA_PRIORITY] = { .type = NLA_U32 }, [RTA_PREFSRC] = { .type = NLA_U32 },
	[RTA_GATEWAY] = { .type = NLA_U32 },  [RTA_OIF] = { .type = NLA_U32 },
	[RTA_NH_ID] = { .type = NLA_U32 },
};
static struct nla_policy rule_policy[FRA_MAX + 1] = {
	[FRA_PRIORITY] = { .type = NLA_U32 },
	[FRA_SRC] = { .type = NLA_U32 },
	[FRA_DST] = { .type = NLA_U32 },
	[FRA_FWMARK] = { .type = NLA_U32 },
	[FRA_FWMASK] = { .type = NLA_U32 },
	[FRA_IIFNAME] = { .type = NLA_STRING },
	[FRA_OIFNAME] = { .type = NLA_STRING },
	[FRA_TABLE] = { .type = NLA_U32 },
	[FRA_GOTO] = { .type = NLA_U32 },
	[FRA_SUPPRESS_PREFIXLEN] = { .type = NLA_U32 },
	[FRA_PROTOCOL] = { .type = NLA_U8 },
	[FRA_IP_PROTO] = { .type = NLA_U8 },
	[FRA_SPORT_RANGE] = { .minlen = sizeof(struct fib_rule_port_range) },
	[FRA_DPORT_RANGE] = { .minlen = sizeof(struct fib_rule_port_range) },
	[FRA_UID_RANGE] = { .minlen = sizeof(struct fib_rule_uid_range) },
};

#define NH_FLAGS (RTNH_F_DEAD | RTNH_F_PERVASIVE | RTNH_F_ONLINK | RTNH_F_LINKDOWN)

/* ---- addresses ---- */

static int addr_cb(struct nl_msg *m, void *arg)
{
	const struct nlx_sink *sink = arg;
	struct nlmsghdr *nlh = nlmsg_hdr(m);
	struct ifaddrmsg *ifa = nlmsg_data(nlh);
	struct nlattr *tb[IFA_MAX + 1];
	struct nlx_addr a;
	uint32_t flags;

	if (nlh->nlmsg_type != RTM_NEWADDR || !nlmsg_valid_hdr(nlh, sizeof(*ifa)) ||
	    ifa->ifa_family != AF_INET || ifa->ifa_prefixlen > 32)
		return NL_OK;
	if (nlmsg_parse(nlh, sizeof(*ifa), tb, IFA_MAX, addr_policy) < 0)
		return NL_OK;
	memset(&a, 0, sizeof(a));
	a.ifindex = (int)ifa->ifa_index;
	a.local = tb[IFA_LOCAL] ? attr_ip(tb[IFA_LOCAL])
				: (tb[IFA_ADDRESS] ? attr_ip(tb[IFA_ADDRESS]) : 0);
	a.peer = tb[IFA_LOCAL] && tb[IFA_ADDRESS] && attr_ip(tb[IFA_ADDRESS]) != a.local;
	a.plen = ifa->ifa_prefixlen;
	a.scope = ifa->ifa_scope;
	if (tb[IFA_BROADCAST])
		a.brd = attr_ip(tb[IFA_BROADCAST]);
	flags = tb[IFA_FLAGS] ? nla_get_u32(tb[IFA_FLAGS]) : ifa->ifa_flags;
	a.flags = flags & (IFA_F_SECONDARY | IFA_F_NOPREFIXROUTE);
	if (tb[IFA_RT_PRIORITY])
		a.metric = nla_get_u32(tb[IFA_RT_PRIORITY]);
	if (tb[IFA_LABEL])
		snprintf(a.label, sizeof(a.label), "%s", nla_get_string(tb[IFA_LABEL]));
	sink->addr(sink->ctx, &a);
	return NL_OK;
}

/* ---- routes ---- */

/* RTA_MULTIPATH: one struct rtnexthop per path, each followed by its attributes inside
 * its own length; a path that does not fit ends the list. More than MP_MAX paths: the
 * route counts as unsupported. */
static void parse_multipath(struct nlattr *mp, struct nlx_route *r)
{
	char *p = nla_data(mp);
	int left = nla_len(mp);

	r->multipath = true;
	while (left >= (int)sizeof(struct rtnexthop)) {
		struct rtnexthop *nh = (void *)p;
		int len = nh->rtnh_len;

		if (len < (int)sizeof(*nh) || len > left)
			break;
		if (r->nnh == NLX_MP_MAX) {
			r->unsupported = true;
			break;
		}
		r->nh[r->nnh].oif = nh->rtnh_ifindex;
		r->nh[r->nnh].flags = nh->rtnh_flags & NH_FLAGS;
		r->nh[r->nnh].weight = (uint16_t)(nh->rtnh_hops + 1);
		r->nh[r->nnh].gw = 0;
		if (len > (int)sizeof(*nh)) {
			struct nlattr *ntb[RTA_MAX + 1];

			if (nla_parse(ntb, RTA_MAX, (struct nlattr *)RTNH_DATA(nh),
				      len - (int)sizeof(*nh), route_policy) == 0 &&
			    ntb[RTA_GATEWAY])
				r->nh[r->nnh].gw = attr_ip(ntb[RTA_GATEWAY]);
		}
		r->nnh++;
		len = RTNH_ALIGN(len);
		if (len > left)
			break;
		p += len;
		left -= len;
	}
}

/* RTA_METRICS: mtu, advmss and their locks; any other metric is not modelled */
static void parse_metrics(struct nlattr *mx, struct nlx_route *r)
{
	struct nlattr *a;
	int rem;

	nla_for_each_nested(a, mx, rem)
	{
		uint32_t v;

		if (nla_len(a) < (int)sizeof(uint32_t)) {
			r->unsupported = true;
			continue;
		}
		v = nla_get_u32(a);
		if (nla_type(a) == RTAX_LOCK) {
			r->locks = (uint8_t)(((v >> RTAX_MTU) & 1 ? NLX_LOCK_MTU : 0) |
					     ((v >> RTAX_ADVMSS) & 1 ? NLX_LOCK_ADVMSS : 0));
			if (v & ~((1u << RTAX_MTU) | (1u << RTAX_ADVMSS)))
				r->unsupported = true;
		} else if (nla_type(a) == RTAX_MTU)
			r->mtu = v, r->has_mtu = true;
		else if (nla_type(a) == RTAX_ADVMSS)
			r->advmss = v, r->has_advmss = true;
		else
			r->unsupported = true;
	}
}

/* One RTM_NEWROUTE/RTM_DELROUTE message (dump or notification) into r; false when it
 * is not an IPv4 FIB route (cloned entries, other families, malformed). */
static bool parse_route(struct nlmsghdr *nlh, struct nlx_route *r)
{
	struct rtmsg *rtm = nlmsg_data(nlh);
	struct nlattr *tb[RTA_MAX + 1];

	if ((nlh->nlmsg_type != RTM_NEWROUTE && nlh->nlmsg_type != RTM_DELROUTE) ||
	    !nlmsg_valid_hdr(nlh, sizeof(*rtm)) || rtm->rtm_family != AF_INET ||
	    (rtm->rtm_flags & RTM_F_CLONED) || rtm->rtm_dst_len > 32 || rtm->rtm_type > RTN_MAX)
		return false;
	if (nlmsg_parse(nlh, sizeof(*rtm), tb, RTA_MAX, route_policy) < 0)
		return false;
	memset(r, 0, sizeof(*r));
	r->table = tb[RTA_TABLE] ? nla_get_u32(tb[RTA_TABLE]) : rtm->rtm_table;
	r->dst = tb[RTA_DST] ? attr_ip(tb[RTA_DST]) : 0;
	r->plen = rtm->rtm_dst_len;
	r->tos = rtm->rtm_tos;
	r->type = rtm->rtm_type;
	r->scope = rtm->rtm_scope;
	r->proto = rtm->rtm_protocol;
	r->priority = tb[RTA_PRIORITY] ? nla_get_u32(tb[RTA_PRIORITY]) : 0;
	r->prefsrc = tb[RTA_PREFSRC] ? attr_ip(tb[RTA_PREFSRC]) : 0;
	r->gw = tb[RTA_GATEWAY] ? attr_ip(tb[RTA_GATEWAY]) : 0;
	r->oif = tb[RTA_OIF] ? (int)nla_get_u32(tb[RTA_OIF]) : 0;
	r->nh_flags = rtm->rtm_flags & NH_FLAGS;
	if (tb[RTA_NH_ID])
		r->nhid = nla_get_u32(tb[RTA_NH_ID]); /* its paths are the object's */
	else if (tb[RTA_MULTIPATH])
		parse_multipath(tb[RTA_MULTIPATH], r);
	r->unsupported |= tb[RTA_ENCAP] || tb[RTA_VIA];
	if (tb[RTA_METRICS])
		parse_metrics(tb[RTA_METRICS], r);
	return true;
}

static int route_cb(struct nl_msg *m, void *arg)
{
	const struct nlx_sink *sink = arg;
	struct nlmsghdr *nlh = nlmsg_hdr(m);
	struct nlx_route r;

	if (nlh->nlmsg_type == RTM_NEWROUTE && parse_route(nlh, &r))
		sink->route(sink->ctx, &r);
	return NL_OK;
}

/* ---- nexthop objects ---- */

static struct nla_policy nh_policy[NHA_MAX + 1] = {
	[NHA_ID] = { .type = NLA_U32 },
	[NHA_OIF] = { .type = NLA_U32 },
	[NHA_GATEWAY] = { .type = NLA_U32 },
};

/* One RTM_NEWNEXTHOP into n; false when it is not one or is malformed */
static bool parse_nexthop(struct nlmsghdr *nlh, struct nlx_nexthop *n)
{
	struct nhmsg *nhm = nlmsg_data(nlh);
	struct nlattr *tb[NHA_MAX + 1];

	if (nlh->nlmsg_type != RTM_NEWNEXTHOP || !nlmsg_valid_hdr(nlh, sizeof(*nhm)) ||
	    nlmsg_parse(nlh, sizeof(*nhm), tb, NHA_MAX, nh_policy) < 0 || !tb[NHA_ID])
		return false;
	memset(n, 0, sizeof(*n));
	n->id = nla_get_u32(tb[NHA_ID]);
	n->scope = nhm->nh_scope;
	n->proto = nhm->nh_protocol;
	n->flags = nhm->nh_flags & NH_FLAGS;
	n->unsupported = nhm->nh_family == AF_INET6 || tb[NHA_FDB] || tb[NHA_ENCAP] ||
			 tb[NHA_RES_GROUP] || (tb[NHA_GATEWAY] && nla_len(tb[NHA_GATEWAY]) != 4);
	if (tb[NHA_GROUP]) {
		const struct nexthop_grp *g = nla_data(tb[NHA_GROUP]);
		int cnt = nla_len(tb[NHA_GROUP]) / (int)sizeof(*g);

		n->is_group = true;
		for (int i = 0; i < cnt; i++) {
			if (n->ngrp == NLX_MP_MAX) {
				n->unsupported = true;
				break;
			}
			n->grp[n->ngrp].id = g[i].id;
			n->grp[n->ngrp].weight = (uint16_t)(g[i].weight + 1);
			n->ngrp++;
		}
		return true;
	}
	n->blackhole = tb[NHA_BLACKHOLE] != NULL;
	if (tb[NHA_OIF])
		n->oif = (int)nla_get_u32(tb[NHA_OIF]);
	if (tb[NHA_GATEWAY] && nla_len(tb[NHA_GATEWAY]) == 4)
		n->gw = attr_ip(tb[NHA_GATEWAY]);
	return true;
}

static int nexthop_cb(struct nl_msg *m, void *arg)
{
	const struct nlx_sink *sink = arg;
	struct nlx_nexthop n;

	if (sink->nexthop && parse_nexthop(nlmsg_hdr(m), &n))
		sink->nexthop(sink->ctx, &n);
	return NL_OK;
}

/* ---- route exceptions ---- */

static int exception_cb(struct nl_msg *m, void *arg)
{
	const struct nlx_sink *sink = arg;
	struct nlmsghdr *nlh = nlmsg_hdr(m);
	struct rtmsg *rtm = nlmsg_data(nlh);
	struct nlattr *tb[RTA_MAX + 1];
	struct nlx_exception e;

	struct nlx_route mx;
	/* 0x40000: RTCF_REDIRECTED in the upper flag bits (a redirect's gateway); every
	 * exception carries its route's metrics, a path MTU in place of the mtu */
	bool redirected = rtm->rtm_flags & 0x40000;

	if (nlh->nlmsg_type != RTM_NEWROUTE || !nlmsg_valid_hdr(nlh, sizeof(*rtm)) ||
	    rtm->rtm_family != AF_INET || !(rtm->rtm_flags & RTM_F_CLONED) ||
	    rtm->rtm_dst_len != 32)
		return NL_OK;
	if (nlmsg_parse(nlh, sizeof(*rtm), tb, RTA_MAX, route_policy) < 0 || !tb[RTA_DST] ||
	    (redirected && !tb[RTA_GATEWAY]))
		return NL_OK;
	memset(&e, 0, sizeof(e));
	memset(&mx, 0, sizeof(mx));
	if (tb[RTA_METRICS])
		parse_metrics(tb[RTA_METRICS], &mx);
	e.mtu = mx.has_mtu ? mx.mtu : 0;
	e.mtu_lock = (mx.locks & NLX_LOCK_MTU) != 0;
	e.table = tb[RTA_TABLE] ? nla_get_u32(tb[RTA_TABLE]) : rtm->rtm_table;
	e.daddr = attr_ip(tb[RTA_DST]);
	e.gw = redirected ? attr_ip(tb[RTA_GATEWAY]) : 0;
	e.oif = tb[RTA_OIF] ? (int)nla_get_u32(tb[RTA_OIF]) : 0;
	if (tb[RTA_CACHEINFO] && nla_len(tb[RTA_CACHEINFO]) >= (int)sizeof(struct rta_cacheinfo)) {
		const struct rta_cacheinfo *ci = nla_data(tb[RTA_CACHEINFO]);

		e.expires = ci->rta_expires;
	}
	sink->exception(sink->ctx, &e);
	return NL_OK;
}

/* ---- rules ---- */

static int rule_cb(struct nl_msg *m, void *arg)
{
	const struct nlx_sink *sink = arg;
	struct nlmsghdr *nlh = nlmsg_hdr(m);
	struct fib_rule_hdr *frh = nlmsg_data(nlh);
	struct nlattr *tb[FRA_MAX + 1];
	struct nlx_rule r;

	if (nlh->nlmsg_type != RTM_NEWRULE || !nlmsg_valid_hdr(nlh, sizeof(*frh)) ||
	    frh->family != AF_INET || frh->src_len > 32 || frh->dst_len > 32 ||
	    frh->action > FR_ACT_MAX)
		return NL_OK;
	if (nlmsg_parse(nlh, sizeof(*frh), tb, FRA_MAX, rule_policy) < 0)
		return NL_OK;
	memset(&r, 0, sizeof(r));
	r.pref = tb[FRA_PRIORITY] ? nla_get_u32(tb[FRA_PRIORITY]) : 0;
	r.invert = (frh->flags & FIB_RULE_INVERT) != 0;
	r.src_len = frh->src_len;
	r.dst_len = frh->dst_len;
	if (tb[FRA_SRC])
		r.src = attr_ip(tb[FRA_SRC]);
	if (tb[FRA_DST])
		r.dst = attr_ip(tb[FRA_DST]);
	r.tos = frh->tos;
	if (tb[FRA_FWMARK] || tb[FRA_FWMASK]) {
		r.has_mark = true;
		r.mark = tb[FRA_FWMARK] ? nla_get_u32(tb[FRA_FWMARK]) : 0;
		r.mask = tb[FRA_FWMASK] ? nla_get_u32(tb[FRA_FWMASK]) : 0xffffffffu;
	}
	if (tb[FRA_IIFNAME])
		snprintf(r.iif, sizeof(r.iif), "%s", nla_get_string(tb[FRA_IIFNAME]));
	if (tb[FRA_OIFNAME])
		snprintf(r.oif, sizeof(r.oif), "%s", nla_get_string(tb[FRA_OIFNAME]));
	r.action = frh->action;
	r.table = tb[FRA_TABLE] ? nla_get_u32(tb[FRA_TABLE]) : frh->table;
	r.goto_target = tb[FRA_GOTO] ? nla_get_u32(tb[FRA_GOTO]) : 0;
	r.suppress_prefixlen =
		tb[FRA_SUPPRESS_PREFIXLEN] ? (int)nla_get_u32(tb[FRA_SUPPRESS_PREFIXLEN]) : -1;
	r.proto = tb[FRA_PROTOCOL] ? nla_get_u8(tb[FRA_PROTOCOL]) : 0;
	r.ip_proto = tb[FRA_IP_PROTO] ? nla_get_u8(tb[FRA_IP_PROTO]) : 0;
	if (tb[FRA_SPORT_RANGE]) {
		const struct fib_rule_port_range *p = nla_data(tb[FRA_SPORT_RANGE]);

		r.sport_lo = p->start;
		r.sport_hi = p->end;
	}
	if (tb[FRA_DPORT_RANGE]) {
		const struct fib_rule_port_range *p = nla_data(tb[FRA_DPORT_RANGE]);

		r.dport_lo = p->start;
		r.dport_hi = p->end;
	}
	if (tb[FRA_UID_RANGE]) {
		const struct fib_rule_uid_range *u = nla_data(tb[FRA_UID_RANGE]);

		r.has_uid = true;
		r.uid_lo = u->start;
		r.uid_hi = u->end;
	}
	r.unsupported = tb[FRA_L3MDEV] != NULL;
	sink->rule(sink->ctx, &r);
	return NL_OK;
}

/* ---- links (libnl link cache) ---- */

struct nsid_ctx {
	int nsid;
	bool got;
};

static int nsid_cb(struct nl_msg *m, void *arg)
{
	struct nsid_ctx *c = arg;
	struct nlmsghdr *nlh = nlmsg_hdr(m);
	struct nlattr *tb[NETNSA_MAX + 1];

	if (nlh->nlmsg_type == RTM_NEWNSID &&
	    nlmsg_parse(nlh, sizeof(struct rtgenmsg), tb, NETNSA_MAX, NULL) == 0 &&
	    tb[NETNSA_NSID]) {
		c->nsid = (int)nla_get_u32(tb[NETNSA_NSID]);
		c->got = true;
	}
	return NL_STOP;
}

/* iproute2's netns_name_from_id(): the /run/netns entry whose RTM_GETNSID is nsid. */
static void nsid_name(int nsid, char *out, size_t outlen)
{
	struct nl_sock *sk;
	DIR *d = opendir("/run/netns");
	struct dirent *e;
	char msg[128];

	*out = '\0';
	if (!d)
		return;
	sk = rt_socket(msg, sizeof(msg));
	if (!sk) {
		closedir(d);
		return;
	}
	nl_socket_disable_auto_ack(sk);
	while ((e = readdir(d)) != NULL) {
		struct rtgenmsg g = { .rtgen_family = AF_UNSPEC };
		struct nsid_ctx c = { -1, false };
		struct nl_msg *m;
		char path[300];
		int fd;

		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "/run/netns/%s", e->d_name);
		fd = open(path, O_RDONLY | O_CLOEXEC);
		if (fd < 0)
			continue;
		m = nlmsg_alloc_simple(RTM_GETNSID, NLM_F_REQUEST);
		if (m && nlmsg_append(m, &g, sizeof(g), NLMSG_ALIGNTO) == 0 &&
		    nla_put_u32(m, NETNSA_FD, (uint32_t)fd) == 0) {
			nl_socket_modify_cb(sk, NL_CB_VALID, NL_CB_CUSTOM, nsid_cb, &c);
			if (nl_send_auto(sk, m) >= 0)
				nl_recvmsgs_default(sk);
		}
		if (m)
			nlmsg_free(m);
		close(fd);
		if (c.got && c.nsid == nsid && strlen(e->d_name) < outlen) {
			memcpy(out, e->d_name, strlen(e->d_name) + 1);
			break;
		}
	}
	nl_socket_free(sk);
	closedir(d);
}

static int cmp_link(const void *a, const void *b)
{
	int x = rtnl_link_get_ifindex(*(struct rtnl_link *const *)a);
	int y = rtnl_link_get_ifindex(*(struct rtnl_link *const *)b);

	return (x > y) - (x < y);
}

static void link_convert(struct rtnl_link *l, struct nlx_link *x)
{
	const char *type = rtnl_link_get_type(l);
	const char *qdisc = rtnl_link_get_qdisc(l);
	struct nl_addr *mac = rtnl_link_get_addr(l);
	unsigned flags = rtnl_link_get_flags(l);
	int32_t nsid;

	memset(x, 0, sizeof(*x));
	x->ifindex = rtnl_link_get_ifindex(l);
	snprintf(x->name, sizeof(x->name), "%s", rtnl_link_get_name(l));
	if (rtnl_link_get_arptype(l) == ARPHRD_LOOPBACK)
		x->kind = NLX_LOOPBACK;
	else if (type && strcmp(type, "bridge") == 0)
		x->kind = NLX_BRIDGE;
	else if (type && strcmp(type, "veth") == 0)
		x->kind = NLX_VETH;
	else
		x->kind = NLX_OTHER;
	if (mac && nl_addr_get_len(mac) == 6) {
		memcpy(x->mac, nl_addr_get_binary_addr(mac), 6);
		x->has_mac = true;
	}
	x->up = (flags & IFF_UP) != 0;
	x->lower_up = (flags & IFF_LOWER_UP) != 0;
	x->ever_up = !qdisc || strcmp(qdisc, "noop") != 0;
	x->mtu = (int)rtnl_link_get_mtu(l);
	x->master = rtnl_link_get_master(l);
	x->link = rtnl_link_get_link(l);
	if (x->link == x->ifindex)
		x->link = 0;
	x->link_other_ns = rtnl_link_get_link_netnsid(l, &nsid) == 0;
	if (x->link_other_ns) {
		x->link_nsid = nsid;
		nsid_name(nsid, x->link_netns, sizeof(x->link_netns));
	}
}

static int read_all(const struct nlx_sink *sink_in, char *msg, size_t msglen)
{
	struct nlx_sink sink_copy = *sink_in, *sink = &sink_copy;
	struct nl_sock *sk = rt_socket(msg, msglen);
	struct nl_cache *links = NULL;
	struct rtnl_link **arr;
	size_t n = 0;
	int err;

	if (!sk)
		return -EIO;
	err = rtnl_link_alloc_cache(sk, AF_UNSPEC, &links);
	if (err < 0) {
		snprintf(msg, msglen, "netlink: reading links: %s", nl_geterror(err));
		nl_socket_free(sk);
		return -EIO;
	}
	arr = calloc((size_t)nl_cache_nitems(links) + 1, sizeof(*arr));
	if (!arr) {
		nl_cache_free(links);
		nl_socket_free(sk);
		snprintf(msg, msglen, "out of memory");
		return -ENOMEM;
	}
	for (struct nl_object *o = nl_cache_get_first(links); o; o = nl_cache_get_next(o))
		arr[n++] = (struct rtnl_link *)o;
	qsort(arr, n, sizeof(*arr), cmp_link);
	for (size_t i = 0; i < n; i++) {
		struct nlx_link x;

		link_convert(arr[i], &x);
		sink->link(sink->ctx, &x);
	}
	free(arr);
	nl_cache_free(links);
	sink->links_done(sink->ctx);
	{
		struct ifaddrmsg ifa = { .ifa_family = AF_INET };

		err = dump(sk, RTM_GETADDR, &ifa, sizeof(ifa), addr_cb, sink, msg, msglen);
	}
	if (!err) {
		/* every family, so that groups come too (a family filter leaves them out);
		 * a kernel without nexthop objects refuses the dump: nothing to read */
		struct nhmsg nhm = { .nh_family = AF_UNSPEC };
		char nmsg[128];

		(void)dump(sk, RTM_GETNEXTHOP, &nhm, sizeof(nhm), nexthop_cb, sink, nmsg,
			   sizeof(nmsg));
	}
	if (!err) {
		struct rtmsg rtm = { .rtm_family = AF_INET };

		err = dump(sk, RTM_GETROUTE, &rtm, sizeof(rtm), route_cb, sink, msg, msglen);
	}
	if (!err) {
		struct fib_rule_hdr frh = { .family = AF_INET };

		err = dump(sk, RTM_GETRULE, &frh, sizeof(frh), rule_cb, sink, msg, msglen);
	}
	if (!err && sink->exception) {
		/* the route exceptions (as `ip route show cache`): strict checking makes the
		 * kernel dump those alone */
		struct rtmsg rtm = { .rtm_family = AF_INET, .rtm_flags = RTM_F_CLONED };
		int one = 1;

		setsockopt(nl_socket_get_fd(sk), SOL_NETLINK, NETLINK_GET_STRICT_CHK, &one,
			   sizeof(one));
		err = dump(sk, RTM_GETROUTE, &rtm, sizeof(rtm), exception_cb, sink, msg, msglen);
	}
	nl_socket_free(sk);
	return err;
}

int nlx_read(const char *netns, const struct nlx_sink *sink, char *msg, size_t msglen)
{
	int saved, err = ns_enter(netns, &saved, msg, msglen);

	if (err)
		return err;
	err = read_all(sink, msg, msglen);
	ns_leave(saved);
	return err;
}
/* ---- RTM_GETROUTE: the kernel's own answer for `why` ---- */

struct get_ctx {
	struct kroute_answer *a;
	bool got;
};

static int get_valid_cb(struct nl_msg *m, void *arg)
{
	struct get_ctx *g = arg;
	struct rtnl_route *r = NULL;
	struct nl_addr *pa;

	if (rtnl_route_parse(nlmsg_hdr(m), &r) < 0 || !r)
		return NL_STOP;
	g->a->type = rtnl_route_get_type(r);
	g->a->table = rtnl_route_get_table(r);
	pa = rtnl_route_get_pref_src(r);
	if (pa && nl_addr_get_len(pa) == 4) {
		uint32_t v;

		memcpy(&v, nl_addr_get_binary_addr(pa), 4);
		g->a->prefsrc = ntohl(v);
	}
	if (rtnl_route_get_nnexthops(r) > 0) {
		struct rtnl_nexthop *nh = rtnl_route_nexthop_n(r, 0);
		struct nl_addr *gw = rtnl_route_nh_get_gateway(nh);
		int oif = rtnl_route_nh_get_ifindex(nh);

		if (gw && nl_addr_get_len(gw) == 4) {
			uint32_t v;

			memcpy(&v, nl_addr_get_binary_addr(gw), 4);
			g->a->gw = ntohl(v);
		}
		if (oif > 0 && !if_indextoname((unsigned)oif, g->a->dev))
			snprintf(g->a->dev, sizeof(g->a->dev), "if%d", oif);
	}
	rtnl_route_put(r);
	g->got = true;
	return NL_STOP;
}

static int get_err_cb(struct sockaddr_nl *nla, struct nlmsgerr *e, void *arg)
{
	struct get_ctx *g = arg;

	(void)nla;
	g->a->err = e->error;
	g->got = true;
	return NL_STOP;
}

int nl_route_get(const char *netns, const struct kroute_query *q, struct kroute_answer *a,
		 char *msg, size_t msglen)
{
	struct get_ctx g = { a, false };
	/* RTM_F_LOOKUP_TABLE: report the table the route was found in, not main */
	struct rtmsg rtm = { .rtm_family = AF_INET,
			     .rtm_dst_len = 32,
			     .rtm_flags = RTM_F_LOOKUP_TABLE };
	struct nl_sock *sk = NULL;
	struct nl_msg *m = NULL;
	struct nl_cb *cb = NULL;
	int saved, err;

	memset(a, 0, sizeof(*a));
	err = ns_enter(netns, &saved, msg, msglen);
	if (err)
		return err;
	sk = rt_socket(msg, msglen);
	if (!sk) {
		err = -EIO;
		goto out;
	}
	nl_socket_disable_auto_ack(sk);
	if (q->src)
		rtm.rtm_src_len = 32;
	m = nlmsg_alloc_simple(RTM_GETROUTE, NLM_F_REQUEST);
	if (!m || nlmsg_append(m, &rtm, sizeof(rtm), NLMSG_ALIGNTO) < 0) {
		snprintf(msg, msglen, "netlink: out of memory");
		err = -ENOMEM;
		goto out;
	}
	nla_put_u32(m, RTA_DST, htonl(q->dst));
	if (q->src)
		nla_put_u32(m, RTA_SRC, htonl(q->src));
	if (q->iif[0] || q->oif[0]) {
		unsigned idx;

		if (q->iif[0]) {
			idx = if_nametoindex(q->iif);
			if (!idx) {
				snprintf(msg, msglen, "Cannot find device \"%s\"", q->iif);
				err = -ENODEV;
				goto out;
			}
			nla_put_u32(m, RTA_IIF, idx);
		}
		if (q->oif[0]) {
			idx = if_nametoindex(q->oif);
			if (!idx) {
				snprintf(msg, msglen, "Cannot find device \"%s\"", q->oif);
				err = -ENODEV;
				goto out;
			}
			nla_put_u32(m, RTA_OIF, idx);
		}
	}
	if (q->mark)
		nla_put_u32(m, RTA_MARK, q->mark);
	if (q->proto)
		nla_put_u8(m, RTA_IP_PROTO, q->proto);
	if (q->sport)
		nla_put_u16(m, RTA_SPORT, htons(q->sport));
	if (q->dport)
		nla_put_u16(m, RTA_DPORT, htons(q->dport));
	nla_put_u32(m, RTA_UID, q->uid);
	cb = nl_cb_alloc(NL_CB_DEFAULT);
	nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, get_valid_cb, &g);
	nl_cb_err(cb, NL_CB_CUSTOM, get_err_cb, &g);
	err = nl_send_auto(sk, m);
	if (err >= 0)
		err = nl_recvmsgs(sk, cb);
	if (err < 0 && !g.got) {
		snprintf(msg, msglen, "netlink: RTM_GETROUTE: %s", nl_geterror(err));
		err = -EIO;
	} else {
		err = 0;
	}
out:
	if (cb)
		nl_cb_put(cb);
	if (m)
		nlmsg_free(m);
	if (sk)
		nl_socket_free(sk);
	ns_leave(saved);
	return err;
}

/* ---- change notifications (live following) ---- */

_Static_assert(NLX_F_REPLACE == NLM_F_REPLACE && NLX_F_EXCL == NLM_F_EXCL &&
		       NLX_F_CREATE == NLM_F_CREATE && NLX_F_APPEND == NLM_F_APPEND,
	       "netlink-priv.h NLX_F_* must equal the kernel's NLM_F_*");

#define LIVE_BUF_MIN (16 << 20) /* the kernel doubles it: ~40k notifications */
#define LIVE_BUF_MAX (256 << 20)

struct nlx_live {
	struct nl_sock *sk;
	int bufsize;
	struct nlx_batch *b; /* the batch being filled by nlx_live_drain */
};

/* SO_RCVBUFFORCE (CAP_NET_ADMIN) goes past net.core.rmem_max; else SO_RCVBUF */
static void set_rcvbuf(struct nl_sock *sk, int bytes)
{
	int fd = nl_socket_get_fd(sk);

	if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &bytes, sizeof(bytes)) < 0)
		setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &bytes, sizeof(bytes));
}

/* one notification into the batch */
static void live_msg(struct nlx_batch *b, struct nlmsghdr *nlh)
{
	struct nlx_route r;

	b->msgs++;
	switch (nlh->nlmsg_type) {
	case RTM_NEWROUTE:
	case RTM_DELROUTE:
		if (!parse_route(nlh, &r))
			break; /* cloned or not IPv4: nothing the model holds */
		if (b->resync)
			break; /* everything is re-read anyway */
		if (b->n == b->cap) {
			size_t cap = b->cap ? b->cap * 2 : 256;
			struct nlx_event *ev = realloc(b->ev, cap * sizeof(*ev));

			if (!ev) {
				b->resync = true;
				break;
			}
			b->ev = ev;
			b->cap = cap;
		}
		b->ev[b->n].del = nlh->nlmsg_type == RTM_DELROUTE;
		b->ev[b->n].nlflags = nlh->nlmsg_flags;
		b->ev[b->n].r = r;
		b->n++;
		break;
	default:
		/* links, addresses, rules, nexthop objects, netconf: rare, and the kernel
		 * changes routes for them without telling (link down, docs/kernel.md A9) */
		b->resync = true;
		break;
	}
}

static int live_cb(struct nl_msg *m, void *arg)
{
	struct nlx_live *x = arg;

	live_msg(x->b, nlmsg_hdr(m));
	return NL_OK;
}

int nlx_feed_buffer(const void *buf, size_t len, const struct nlx_sink *sink, struct nlx_batch *b)
{
	/* an aligned copy: nlmsghdrs are read in place */
	uint32_t *copy = malloc((len / 4 + 1) * 4);
	int remaining = (int)(len > INT_MAX ? INT_MAX : len), n = 0;
	struct nlmsghdr *nlh;

	if (!copy)
		return -ENOMEM;
	memcpy(copy, buf, len);
	for (nlh = (struct nlmsghdr *)copy; nlmsg_ok(nlh, remaining);
	     nlh = nlmsg_next(nlh, &remaining)) {
		struct nl_msg *m = nlmsg_convert(nlh);

		if (!m)
			break;
		if (sink) {
			struct nlx_sink s = *sink;

			if (nlh->nlmsg_type == RTM_NEWADDR)
				addr_cb(m, &s);
			else if (nlh->nlmsg_type == RTM_NEWROUTE)
				route_cb(m, &s);
			else if (nlh->nlmsg_type == RTM_NEWRULE)
				rule_cb(m, &s);
			else if (nlh->nlmsg_type == RTM_NEWNEXTHOP)
				nexthop_cb(m, &s);
		}
		if (b)
			live_msg(b, nlmsg_hdr(m));
		nlmsg_free(m);
		n++;
	}
	free(copy);
	return n;
}

struct nlx_live *nlx_live_open(const char *netns, char *msg, size_t msglen)
{
	struct nlx_live *x;
	int saved, err;

	err = ns_enter(netns, &saved, msg, msglen);
	if (err)
		return NULL;
	x = calloc(1, sizeof(*x));
	if (x)
		x->sk = rt_socket(msg, msglen);
	ns_leave(saved);
	if (!x || !x->sk) {
		free(x);
		return NULL;
	}
	x->bufsize = LIVE_BUF_MIN;
	set_rcvbuf(x->sk, x->bufsize);
	nl_socket_disable_seq_check(x->sk);
	nl_socket_modify_cb(x->sk, NL_CB_VALID, NL_CB_CUSTOM, live_cb, x);
	err = nl_socket_add_memberships(x->sk, RTNLGRP_LINK, RTNLGRP_IPV4_IFADDR,
					RTNLGRP_IPV4_ROUTE, RTNLGRP_IPV4_RULE, RTNLGRP_IPV4_NETCONF,
					0);
	/* nexthop objects (Linux 5.3+): deleting one removes its routes silently */
	if (err >= 0)
		(void)nl_socket_add_memberships(x->sk, RTNLGRP_NEXTHOP, 0);
	if (err >= 0)
		err = nl_socket_set_nonblocking(x->sk);
	if (err < 0) {
		snprintf(msg, msglen, "netlink: subscribing to changes: %s", nl_geterror(err));
		nlx_live_close(x);
		return NULL;
	}
	return x;
}

int nlx_live_fd(const struct nlx_live *x)
{
	return nl_socket_get_fd(x->sk);
}

int nlx_live_drain(struct nlx_live *x, struct nlx_batch *b)
{
	x->b = b;
	for (;;) {
		size_t before = b->msgs;
		int err = nl_recvmsgs_default(x->sk);

		/* a non-blocking socket with nothing queued answers 0 (or -NLE_AGAIN) */
		if (err == -NLE_AGAIN || (err >= 0 && b->msgs == before))
			break;
		if (err >= 0)
			continue;
		if (err == -NLE_NOMEM || err == -NLE_MSG_OVERFLOW) {
			/* ENOBUFS: events were lost; enlarge the buffer, the caller resyncs */
			b->overrun = true;
			b->resync = true;
			if (x->bufsize < LIVE_BUF_MAX)
				x->bufsize *= 2;
			set_rcvbuf(x->sk, x->bufsize);
			continue;
		}
		x->b = NULL;
		return -EIO;
	}
	x->b = NULL;
	return b->msgs > 0 || b->overrun;
}

int nlx_live_bufsize(const struct nlx_live *x)
{
	int v = 0;
	socklen_t len = sizeof(v);

	if (getsockopt(nl_socket_get_fd(x->sk), SOL_SOCKET, SO_RCVBUF, &v, &len) < 0)
		return x->bufsize;
	return v;
}

void nlx_live_close(struct nlx_live *x)
{
	if (!x)
		return;
	if (x->sk)
		nl_socket_free(x->sk);
	free(x);
}

/* ---- shared with netlink-apply.c and netlink-diag.c (netlink-priv.h) ---- */

int nlx_ns_enter(const char *netns, int *saved, char *msg, size_t msglen)
{
	return ns_enter(netns, saved, msg, msglen);
}

void nlx_ns_leave(int saved)
{
	ns_leave(saved);
}
