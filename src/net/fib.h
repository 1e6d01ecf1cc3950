/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * fib: the IPv4 routing decision over the model — rules (A2), table lookup with
 * longest prefix, alias order and backtracking (A3), the local/main merge (A4),
 * output route resolution with source selection (B3, B4) and input routing with
 * the reverse-path filter (D3, D4). Pure functions of the model, except that a
 * lookup marks the aliases it touched as "accessed" (C4), as the kernel does.
 */
#ifndef PKTPATH_FIB_H
#define PKTPATH_FIB_H

/* The legacy TOS bits of a flow's DS field a route's tos is compared with
 * (INET_DSCP_LEGACY_TOS_MASK) */
#define IPTOS_LEGACY_MASK 0x1c

#include "model.h"

struct pkt;

/* RTCF_* route flags, as the kernel reports them in RTM_GETROUTE answers */
enum {
	RTCF_NOTIFY = 0x00010000,
	RTCF_REDIRECTED = 0x00040000,
	RTCF_DOREDIRECT = 0x01000000,
	RTCF_BROADCAST = 0x10000000,
	RTCF_MULTICAST = 0x20000000,
	RTCF_LOCAL = 0x80000000u,
};
enum { FIB_LOOKUP_IGNORE_LINKSTATE = 1 };

struct flow {
	uint32_t daddr, saddr;
	int oif, iif;
	uint32_t mark;
	uint8_t tos;
	uint8_t scope;
	uint8_t proto;
	uint16_t sport, dport;
	uint32_t uid;
	bool anysrc; /* FLOWI_FLAG_ANYSRC */
	/* The packet behind the lookup, which fib_multipath_hash() reads instead of the flow
	 * (its skb): a packet being forwarded, or the one an ICMP error answers. Its
	 * addresses, the ones ip_multipath_l3_keys() takes (an ICMP error's quoted header),
	 * its protocol and ports (TCP and UDP only, as the flow dissector finds them). */
	struct {
		bool set;
		uint8_t proto;
		uint16_t sport, dport;
		uint32_t saddr, daddr, l3_saddr, l3_daddr;
	} skb;
};

struct fib_result {
	int type;
	uint8_t scope;
	int prefixlen;
	uint32_t prefix;
	uint32_t table;	     /* res->table->tb_id, 0 if none */
	struct route *route; /* borrowed, valid until the next model change */
	int rule_idx;	     /* index of the rule that produced it, -1 for the merged fast path */
	int nh_sel;	     /* the route's path the result uses (res->nh_sel) */
	struct nexthop nh;   /* that path (a copy) */
	bool mp_chosen;	     /* a multipath route's path was picked by mp_hash */
	int mp_hash;
};

/* A route as the kernel hands it to a socket or prints it for `ip route get`. */
struct rtable {
	int type;
	int dev; /* ifindex of the output (or, for input routes, the delivering) device */
	bool uses_gw;
	uint32_t gw;
	uint32_t flags; /* RTCF_* */
	uint32_t table;
	bool is_input;
	int iif;
	uint32_t saddr;	  /* the flow's source after the lookup */
	int64_t expires;  /* a route exception's end (jiffies), 0 = none */
	uint32_t pmtu;	  /* a route exception's path MTU (rt_pmtu), 0 = none */
	bool pmtu_locked; /* rt_mtu_locked: the path MTU fell below min_pmtu */
	struct fib_result res;
	int rule_idx;
};

/* One table, as fib_table_lookup(). Returns 0, -EAGAIN (miss or throw) or the type's error. */
int fib_table_lookup(struct host *h, uint32_t table_id, const struct flow *fl,
		     struct fib_result *res, unsigned flags);
/* Convenience: universe scope, no oif. */
int fib_table_lookup_id(struct host *h, uint32_t table_id, uint32_t daddr, struct fib_result *res);
/* A hint that changes nothing: the lookups of these destinations (at most
 * TABLE_PREFETCH_MAX) in every big table of h get their memory loads started together,
 * so that the lookups made next find them in the cache. */
void fib_prefetch(struct host *h, const uint32_t *daddr, size_t n);
/* Rules then tables, as fib_lookup(). */
int fib_lookup(struct host *h, const struct flow *fl, struct fib_result *res, unsigned flags);

uint32_t inet_select_addr(const struct host *h, const struct nic *dev, uint32_t dst, int scope);

/* ip_route_output_key_hash_rcu(): fl->saddr is filled in. Returns 0 or -errno. */
int fib_route_output(struct host *h, struct flow *fl, struct rtable *rt);
/* ip_route_input_slow() for `ip route get … iif`. Returns 0 or -errno. */
int fib_route_input(struct host *h, struct flow *fl, struct rtable *rt);
/* fib_validate_source(): in is the input flow (tos, mark, protocol, ports); 0 accept, negative = drop (-EINVAL martian, -EXDEV rp_filter). */
int fib_validate_source(struct host *h, uint32_t src, uint32_t dst, const struct flow *in, int oif,
			const struct nic *dev);

/* __inet_dev_addr_type(net, NULL, addr, tb_id): RTN_* of addr in that table */
int inet_addr_type_table(struct host *h, uint32_t addr, uint32_t tb_id);
/* fib_valid_prefsrc() (B2.6): is the route's src a local address? */
bool fib_valid_prefsrc(struct host *h, const struct route *r);

/* Does the rule's selector match the flow (invert applied)? As fib_rules_lookup() asks. */
bool fib_rule_match(const struct host *h, const struct rule *r, const struct flow *fl);

/* The flow of __fib_validate_source()'s lookup back to src for a packet that came in on
 * dev with flow in (oif: the forward route's device, 0 for local delivery). */
void fib_rpf_flow(struct host *h, uint32_t src, uint32_t dst, const struct flow *in, int oif,
		  const struct nic *dev, struct flow *fl);
/* Does a rule test the protocol or ports (fib_rules_require_fldissect)? */
bool fib_rules_dissect(const struct host *h);
/* The layer-4 part of an output flow for packet fields proto, sport, dport: ports for
 * TCP and UDP; for ICMP the type and code, which the kernel's flowi4 keeps where the
 * destination port is (fl4_icmp_type/code), so a dport rule sees type * 256 + code. */
void flow_set_l4(struct flow *fl, uint8_t proto, uint16_t sport, uint16_t dport);
/* The same for an input flow (the flow dissector): ports for TCP and UDP only. */
void flow_set_l4_in(struct flow *fl, uint8_t proto, uint16_t sport, uint16_t dport);

/* The skb part of a flow (see struct flow) for packet p. */
void flow_set_skb(struct flow *fl, const struct pkt *p);
/* The packet inet_rtm_getroute_build_skb() makes for an `ip route get` (RTM_GETROUTE)
 * query, which a multipath hash reads on output too: the flow's addresses, protocol
 * and ports (TCP and UDP). */
void flow_set_getroute_skb(struct flow *fl);
/* fib_multipath_hash(): the hash (31 bits) that picks a multipath route's path for this
 * flow, by the host's fib_multipath_hash_policy and seed. */
int fib_multipath_hash(const struct host *h, const struct flow *fl);

/* ip_mkroute_input()'s choice of a multipath route's path for a forwarded packet (fl's
 * skb part set): res->nh_sel and res->nh change. */
void fib_select_input_path(struct host *h, struct fib_result *res, const struct flow *fl);

/* The device a rule's iif/oif name refers to now, or -1 ([detached]). */
int rule_ifindex(const struct host *h, const char *name);

#endif
