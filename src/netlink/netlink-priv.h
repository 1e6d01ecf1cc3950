/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * netlink-priv: what the libnl side (netlink.c) hands to the model side
 * (netlink-import.c), by value. Two translation units because <linux/rtnetlink.h>,
 * which libnl includes, and model.h both define the RTN_/RT_SCOPE_/FR_ACT_ constants
 * (numerically identical). Numbers here are the kernel's; addresses host byte order.
 */
#ifndef PKTPATH_NETLINK_PRIV_H
#define PKTPATH_NETLINK_PRIV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum nlx_kind { NLX_LOOPBACK, NLX_VETH, NLX_BRIDGE, NLX_OTHER };

struct nlx_link {
	int ifindex;
	char name[16];
	enum nlx_kind kind;
	uint8_t mac[6];
	bool has_mac;
	bool up, lower_up, ever_up; /* IFF_UP, IFF_LOWER_UP, qdisc != noop */
	int mtu;
	int link;	    /* IFLA_LINK (veth peer), 0 = none */
	bool link_other_ns; /* IFLA_LINK_NETNSID present */
	int link_nsid;
	char link_netns[32]; /* name of that namespace under /run/netns, "" if unknown */
	int master;
};

struct nlx_addr {
	int ifindex;
	uint32_t local, brd; /* brd 0 = none */
	uint8_t plen, scope;
	uint32_t flags; /* IFA_F_SECONDARY | IFA_F_NOPREFIXROUTE only */
	uint32_t metric;
	char label[16];
	bool peer; /* ptp peer address (not modelled) */
};

/* MP_MAX of model.h, which this header cannot include */
enum { NLX_MP_MAX = 32 };

enum { NLX_LOCK_MTU = 1, NLX_LOCK_ADVMSS = 2 }; /* as model.h's ROUTE_LOCK_* */
struct nlx_route {
	uint32_t table, dst, priority, prefsrc, gw, nh_flags;
	uint8_t plen, tos, type, scope, proto;
	int oif;
	bool multipath, unsupported;
	uint32_t nhid; /* RTA_NH_ID: a nexthop object, whose paths the route has */
	/* RTA_METRICS: RTAX_MTU and RTAX_ADVMSS (each sent when has_*), and which RTAX_LOCK
	 * locks (NLX_LOCK_*) */
	bool has_mtu, has_advmss;
	uint32_t mtu, advmss;
	uint8_t locks;
	/* RTA_MULTIPATH: the paths (gw 0 = none; weight rtnh_hops + 1); nnh = 0 otherwise */
	uint8_t nnh;
	struct {
		uint32_t gw, flags;
		int oif;
		uint16_t weight;
	} nh[NLX_MP_MAX];
};

/* A nexthop object (RTM_NEWNEXTHOP): one path, a blackhole or a group */
struct nlx_nexthop {
	uint32_t id, gw, flags;
	int oif;
	uint8_t scope, proto;
	bool blackhole, is_group, unsupported; /* unsupported: IPv6, fdb, encap, resilient */
	int ngrp;
	struct {
		uint32_t id;
		uint16_t weight;
	} grp[NLX_MP_MAX];
};

struct nlx_rule {
	uint32_t pref, src, dst, mark, mask, table, goto_target;
	int src_len, dst_len, suppress_prefixlen;
	bool invert, has_mark, unsupported;
	uint8_t tos, action, proto;
	char iif[16], oif[16];
	uint8_t ip_proto;	   /* FRA_IP_PROTO, 0 = none */
	bool has_sport, has_dport; /* an edit sends the range even when it is 0 */
	uint16_t sport_lo, sport_hi, dport_lo, dport_hi; /* FRA_SPORT_RANGE, FRA_DPORT_RANGE */
	bool has_uid;					 /* FRA_UID_RANGE */
	uint32_t uid_lo, uid_hi;
};

/* A route exception an ICMP redirect made (RTM_F_CLONED dump, RTCF_REDIRECTED) */
struct nlx_exception {
	uint32_t table, daddr;
	uint32_t gw; /* a redirect's gateway (RTCF_REDIRECTED), else 0 */
	int oif;
	uint32_t expires; /* RTA_CACHEINFO rta_expires: clock_t (USER_HZ 100) left */
	/* RTA_METRICS as rt_fill_info() gives them: the route's, the path MTU (and its lock)
	 * in place of its mtu */
	uint32_t mtu;
	bool mtu_lock;
};

struct nlx_sink {
	void *ctx;
	/* links arrive sorted by ifindex; links_done runs inside the namespace (sysctls) */
	void (*link)(void *ctx, const struct nlx_link *l);
	void (*links_done)(void *ctx);
	void (*addr)(void *ctx, const struct nlx_addr *a);	 /* in the kernel's list order */
	void (*nexthop)(void *ctx, const struct nlx_nexthop *n); /* by id, before routes */
	void (*route)(void *ctx, const struct nlx_route *r);	 /* in dump order */
	void (*rule)(void *ctx, const struct nlx_rule *r);	 /* in rule order */
	void (*exception)(void *ctx, const struct nlx_exception *e); /* after the rules */
};

/* Reads the namespace (NULL/"." = current, a name under /run/netns, or a path) and
 * feeds the sink. Returns 0 or a negative errno with msg filled. */
int nlx_read(const char *netns, const struct nlx_sink *sink, char *msg, size_t msglen);

/* Change notifications (RTNLGRP_LINK, IPV4_IFADDR, IPV4_ROUTE, IPV4_RULE, IPV4_NETCONF,
 * NEXTHOP) of a namespace: a non-blocking socket opened inside it. */
struct nlx_live;
struct nlx_live *nlx_live_open(const char *netns, char *msg, size_t msglen);
int nlx_live_fd(const struct nlx_live *x);

/* The kernel's nlmsg_flags on RTM_NEWROUTE notifications (fib_table_insert, checked on
 * 6.x): EXCL|CREATE = first route of its (tos, priority) group; CREATE = put before
 * the group (ip route prepend); CREATE|APPEND = after it (ip route append); REPLACE =
 * took the place of the group's first route (ip route replace/change). */
enum { NLX_F_REPLACE = 0x100, NLX_F_EXCL = 0x200, NLX_F_CREATE = 0x400, NLX_F_APPEND = 0x800 };

struct nlx_event {
	bool del;	  /* RTM_DELROUTE, else RTM_NEWROUTE */
	uint16_t nlflags; /* NLX_F_* of the notification */
	struct nlx_route r;
};

/* What one drain read. Caller-owned; ev grows (realloc) as needed, caller frees. */
struct nlx_batch {
	struct nlx_event *ev; /* route notifications in arrival order */
	size_t n, cap;
	size_t msgs;  /* notifications read, of any kind */
	bool resync;  /* a link/address/rule/nexthop/netconf change, or an overrun: the
		       * route events are incomplete, re-read everything */
	bool overrun; /* ENOBUFS: notifications were lost; the buffer was enlarged */
};
/* Drains pending notifications into b (appending): 1 if anything was read or the
 * socket overran, 0 if nothing was pending, <0 error. */
int nlx_live_drain(struct nlx_live *x, struct nlx_batch *b);
/* Messages as a netlink receive buffer holds them (nlmsghdrs back to back, as far as
 * they are well formed): address, route and rule messages go to sink as a dump's
 * would (sink may be NULL; no links), and every message into b as the live socket
 * would put it (b may be NULL). Returns the number of messages, or -ENOMEM. */
int nlx_feed_buffer(const void *buf, size_t len, const struct nlx_sink *sink, struct nlx_batch *b);
int nlx_live_bufsize(const struct nlx_live *x); /* SO_RCVBUF now, bytes */
void nlx_live_close(struct nlx_live *x);

/* setns() into a namespace (NULL/"." = stay) and back; netlink.c's helpers. */
int nlx_ns_enter(const char *netns, int *saved, char *msg, size_t msglen);
void nlx_ns_leave(int saved);

/* --apply (netlink-apply.c): one edit as iproute2 sends it. Route fields that are 0 are
 * not sent (except table, type, scope, protocol: always in the header). */
enum nlx_edit_op {
	NLX_ROUTE_NEW,
	NLX_ROUTE_DEL,
	NLX_RULE_ADD,
	NLX_RULE_DEL,
	NLX_ADDR_ADD,
	NLX_ADDR_DEL,
	NLX_LINK_UPDOWN,
	NLX_NH_NEW,
	NLX_NH_DEL,
};
/* RTM_NEWNEXTHOP / RTM_DELNEXTHOP as iproute2 builds them */
struct nlx_nh_edit {
	uint32_t id, gw;
	bool id_given, inet, oif_given, blackhole, onlink, replace;
	int oif, proto, ngrp; /* ngrp -1: no NHA_GROUP */
	struct {
		uint32_t id;
		uint16_t weight;
	} grp[NLX_MP_MAX];
};
enum nlx_route_verb { NLX_ADD, NLX_APPEND, NLX_PREPEND, NLX_REPLACE, NLX_CHANGE };
struct nlx_edit {
	enum nlx_edit_op op;
	enum nlx_route_verb verb;
	struct nlx_route r;
	bool metric_given;
	struct nlx_rule rule;
	bool pref_given;
	struct nlx_addr a;
	bool local_given, plen_given, label_given;
	int ifindex;
	bool up;
	struct nlx_nh_edit nh;
};
/* Sends e to the kernel of netns. Returns 0 when the kernel accepted it (msg: its
 * warning as iproute2 prints it, or ""), 1 when it refused (msg: `RTNETLINK answers:
 * …` or `Error: <extack>.`), <0 when it could not be asked (msg: why). */
int nlx_edit(const char *netns, const struct nlx_edit *e, char *msg, size_t msglen);

/* tools/kernel-io.h's declaration, repeated for netlink.c (which cannot include model.h) */
struct kroute_query;
struct kroute_answer;
int nl_route_get(const char *netns, const struct kroute_query *q, struct kroute_answer *a,
		 char *msg, size_t msglen);
struct ksock;
struct kct;
int nl_sock_list(const char *netns, struct ksock **out, size_t *n, char *msg, size_t msglen);
int nl_ct_list(const char *netns, struct kct **out, size_t *n, char *msg, size_t msglen);

#endif
