/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * fib: see fib.h. Each function follows the kernel function named in its comment
 * (Linux 6.12, net/ipv4/fib_trie.c, fib_rules.c, route.c, fib_frontend.c, devinet.c);
 * docs/kernel.md rule IDs are given where the behaviour is specified.
 */
#include "fib.h"

#include <errno.h>
#include <netinet/in.h>
#include <string.h>

#include "base/siphash.h"
#include "out/trace.h"
#include "path.h"

static const int fib_props_error[RTN__MAX] = {
	[RTN_BLACKHOLE] = -EINVAL, [RTN_UNREACHABLE] = -EHOSTUNREACH,
	[RTN_PROHIBIT] = -EACCES,  [RTN_THROW] = -EAGAIN,
	[RTN_NAT] = -EINVAL,	   [RTN_XRESOLVE] = -EINVAL,
};

static bool is_lbcast(uint32_t a)
{
	return a == 0xffffffffu;
}
static bool is_multicast(uint32_t a)
{
	return (a & 0xf0000000u) == 0xe0000000u;
}
static bool is_zeronet(uint32_t a)
{
	return (a & 0xff000000u) == 0;
}
static bool is_loopback(uint32_t a)
{
	return (a & 0xff000000u) == 0x7f000000u;
}
static bool is_local_multicast(uint32_t a)
{
	return (a & 0xffffff00u) == 0xe0000000u;
}

/* fib_lookup_good_nhc() (A3.1f) for a path's flags and device */
static bool good_nhc(const struct host *h, uint32_t nh_flags, int oif, const struct flow *fl,
		     unsigned flags)
{
	if (nh_flags & NH_F_DEAD)
		return false;
	if (nh_flags & NH_F_LINKDOWN && !(flags & FIB_LOOKUP_IGNORE_LINKSTATE)) {
		const struct nic *n = host_nic_by_index_c(h, oif);

		if (n && nic_conf(h, n, DEVCONF_IGNORE_LINKDOWN))
			return false;
	}
	if (fl->oif && fl->oif != oif)
		return false;
	return true;
}

/* The path a route's lookup takes (its first usable one, nexthop_get_nhc_lookup()), or
 * -1. A route with one path of its own is the common case and reads no copies. */
static int lookup_path(const struct host *h, const struct route *r, const struct flow *fl,
		       unsigned flags, struct fib_result *res)
{
	int n;

	if (!r->mp && !r->nhid) {
		if (!good_nhc(h, r->nh_flags, r->oif, fl, flags))
			return -1;
		res->nh = (struct nexthop){ .gw = r->gw,
					    .oif = r->oif,
					    .flags = r->nh_flags,
					    .scope = r->nh_scope,
					    .weight = 1 };
		return 0;
	}
	if (r->mp && (r->nh_flags & NH_F_DEAD))
		return -1; /* fi->fib_flags */
	n = route_nnh(h, r);
	for (int i = 0; i < n; i++) {
		struct nexthop nh = route_nh(h, r, i);

		if (good_nhc(h, nh.flags, nh.oif, fl, flags)) {
			res->nh = nh;
			return i;
		}
	}
	return -1;
}

/* Checks the aliases of one prefix (A3.1). Returns 1 found, 0 none passed, <0 error. */
static int check_aliases(struct host *h, struct route *aliases, const struct flow *fl,
			 struct fib_result *res, unsigned flags, uint32_t tb_id)
{
	for (struct route *r = aliases; r; r = r->next) {
		int err;

		/* fib_dscp_masked_match(): the route's tos against the flow's legacy TOS
		 * bits (0x1c); a route with other bits never matches */
		if (r->tos && r->tos != (fl->tos & IPTOS_LEGACY_MASK))
			continue;
		if (r->scope < fl->scope)
			continue;
		r->accessed = true;
		err = fib_props_error[r->type];
		if (err < 0)
			return err; /* A3.1e: no fall-through */
		if (r->nhid) {
			const struct nhobj *o = host_nhobj(h, r->nhid);

			if (!o)
				continue;
			if (o->blackhole)
				return fib_props_error[RTN_BLACKHOLE];
		}
		res->mp_chosen = false;
		if (r->type == RTN_UNICAST || r->type == RTN_LOCAL || r->type == RTN_BROADCAST ||
		    r->type == RTN_ANYCAST || r->type == RTN_MULTICAST) {
			int sel = lookup_path(h, r, fl, flags, res);

			if (sel < 0)
				continue;
			res->nh_sel = sel;
		} else {
			res->nh_sel = 0;
			res->nh = route_nh(h, r, 0);
		}
		res->type = r->type;
		res->scope = r->scope;
		res->prefixlen = r->plen;
		res->prefix = r->dst;
		res->table = tb_id;
		res->route = r;
		return 1;
	}
	return 0;
}

int fib_table_lookup(struct host *h, uint32_t table_id, const struct flow *fl,
		     struct fib_result *res, unsigned flags)
{
	struct table *t[2] = { NULL, NULL };
	int nt = 0, maxplen = 32;

	/* A4: while merged, local and main share one trie: one LPM across both,
	 * local's aliases first within a prefix (table id descending). */
	if (!h->custom_rules && (table_id == RT_TABLE_MAIN || table_id == RT_TABLE_LOCAL)) {
		t[0] = host_table(h, RT_TABLE_LOCAL);
		t[1] = host_table(h, RT_TABLE_MAIN);
		nt = 2;
	} else {
		t[0] = host_table(h, table_id);
		nt = 1;
	}
	/* longest prefix first; when all its aliases fail, the next shorter one (A3:
	 * backtracking) */
	while (maxplen >= 0) {
		struct route *aliases[2] = { NULL, NULL };
		int plen[2] = { -1, -1 }, best;

		for (int k = 0; k < nt; k++)
			if (t[k])
				aliases[k] = table_longest(t[k], fl->daddr, maxplen, &plen[k]);
		best = plen[0] > plen[1] ? plen[0] : plen[1];
		if (best < 0)
			break;
		for (int k = 0; k < nt; k++) {
			int rc;

			if (plen[k] != best)
				continue;
			rc = check_aliases(h, aliases[k], fl, res, flags, table_id);
			if (rc < 0)
				return rc;
			if (rc > 0)
				return 0;
		}
		maxplen = best - 1;
	}
	return -EAGAIN;
}

void fib_prefetch(struct host *h, const uint32_t *daddr, size_t n)
{
	for (size_t i = 0; i < h->ntables; i++)
		table_prefetch(&h->tables[i], daddr, n);
}

int fib_table_lookup_id(struct host *h, uint32_t table_id, uint32_t daddr, struct fib_result *res)
{
	struct flow fl = { 0 };

	fl.daddr = daddr;
	if (!host_table(h, table_id))
		return -EAGAIN;
	return fib_table_lookup(h, table_id, &fl, res, 0);
}

int inet_addr_type_table(struct host *h, uint32_t addr, uint32_t tb_id)
{
	struct fib_result res;
	struct flow fl = { 0 };

	if (is_zeronet(addr) || is_lbcast(addr))
		return RTN_BROADCAST;
	if (is_multicast(addr))
		return RTN_MULTICAST;
	if (!host_table(h, tb_id))
		return RTN_BROADCAST;
	fl.daddr = addr;
	if (fib_table_lookup(h, tb_id, &fl, &res, 0) == 0)
		return res.type;
	return RTN_UNICAST;
}

bool fib_valid_prefsrc(struct host *h, const struct route *r)
{
	if (r->type != RTN_LOCAL || !r->dst || r->prefsrc != r->dst) {
		uint32_t tb = r->table == RT_TABLE_MAIN ? RT_TABLE_LOCAL : r->table;
		int rc = inet_addr_type_table(h, r->prefsrc, tb);

		if (rc != RTN_LOCAL && tb != RT_TABLE_LOCAL)
			rc = inet_addr_type_table(h, r->prefsrc, RT_TABLE_LOCAL);
		if (rc != RTN_LOCAL)
			return false;
	}
	return true;
}

int rule_ifindex(const struct host *h, const char *name)
{
	for (size_t i = 0; i < h->nnic; i++)
		if (strcmp(h->nics[i].name, name) == 0)
			return h->nics[i].ifindex;
	return -1;
}

/* fib_rule_match() + fib4_rule_match() (A2.3) */
bool fib_rule_match(const struct host *h, const struct rule *r, const struct flow *fl)
{
	bool ret = false;

	if (r->iif[0] && rule_ifindex(h, r->iif) != fl->iif)
		goto out;
	if (r->oif[0] && rule_ifindex(h, r->oif) != fl->oif)
		goto out;
	if ((r->mark ^ fl->mark) & r->mask)
		goto out;
	if (((fl->saddr ^ r->src) & ip_mask(r->src_len)) ||
	    ((fl->daddr ^ r->dst) & ip_mask(r->dst_len)))
		goto out;
	if (r->has_uid && (fl->uid < r->uid_lo || fl->uid > r->uid_hi))
		goto out;
	/* fib4_rule_match() */
	if (r->tos && r->tos != (fl->tos & IPTOS_LEGACY_MASK))
		goto out;
	if (r->ip_proto && r->ip_proto != fl->proto)
		goto out;
	if (r->sport_lo && r->sport_hi && (fl->sport < r->sport_lo || fl->sport > r->sport_hi))
		goto out;
	if (r->dport_lo && r->dport_hi && (fl->dport < r->dport_lo || fl->dport > r->dport_hi))
		goto out;
	ret = true;
out:
	return r->invert ? !ret : ret;
}

/* fib_rule_requires_fldissect(), summed as net->ipv4.fib_rules_require_fldissect: a rule
 * that tests the protocol or a port makes input lookups and netfilter reroutes read them
 * from the packet (fib4_rules_early_flow_dissect); a rule for `iif lo` does not count. */
bool fib_rules_dissect(const struct host *h)
{
	for (size_t i = 0; i < h->nrules; i++) {
		const struct rule *r = &h->rules[i];

		if (strcmp(r->iif, "lo") != 0 &&
		    (r->ip_proto || (r->sport_lo && r->sport_hi) || (r->dport_lo && r->dport_hi)))
			return true;
	}
	return false;
}

void flow_set_l4_in(struct flow *fl, uint8_t proto, uint16_t sport, uint16_t dport)
{
	fl->proto = proto;
	fl->sport = fl->dport = 0;
	if (proto == IPPROTO_TCP || proto == IPPROTO_UDP) {
		fl->sport = sport;
		fl->dport = dport;
	}
}

void flow_set_l4(struct flow *fl, uint8_t proto, uint16_t sport, uint16_t dport)
{
	flow_set_l4_in(fl, proto, sport, dport);
	if (proto == IPPROTO_ICMP) /* fl4_icmp_type and fl4_icmp_code */
		fl->dport = (uint16_t)((sport & 0xff) << 8 | (dport & 0xff));
}

/* fib_rules_lookup() with fib4_rule_action()/fib4_rule_suppress() (A2) */
static int fib_rules_lookup(struct host *h, const struct flow *fl, struct fib_result *res,
			    unsigned flags)
{
	for (size_t i = 0; i < h->nrules; i++) {
		const struct rule *r;
		int err;
		size_t cur = i;

	jumped:
		r = &h->rules[cur];
		if (!fib_rule_match(h, r, fl))
			continue;
		if (r->action == FR_ACT_GOTO) {
			size_t j;

			/* only forward: the kernel refuses a goto to a pref at or before the
			 * rule's own ("Backward goto not supported"), so the walk ends; a
			 * state without that check (a fuzzed netlink dump) must not loop */
			for (j = cur + 1; j < h->nrules; j++)
				if (h->rules[j].pref == r->goto_target)
					break;
			if (j == h->nrules)
				continue;
			cur = j;
			i = j;
			goto jumped;
		}
		if (r->action == FR_ACT_NOP)
			continue;
		switch (r->action) {
		case FR_ACT_TO_TBL:
			err = host_table(h, r->table)
				      ? fib_table_lookup(h, r->table, fl, res, flags)
				      : -EAGAIN;
			break;
		case FR_ACT_UNREACHABLE:
			err = -ENETUNREACH;
			break;
		case FR_ACT_PROHIBIT:
			err = -EACCES;
			break;
		case FR_ACT_BLACKHOLE:
		default:
			err = -EINVAL;
			break;
		}
		if (err == 0 && r->action == FR_ACT_TO_TBL &&
		    res->prefixlen <= r->suppress_prefixlen)
			continue;
		if (err != -EAGAIN) {
			if (err == 0)
				res->rule_idx = (int)cur;
			return err;
		}
	}
	return -ESRCH;
}

int fib_lookup(struct host *h, const struct flow *fl, struct fib_result *res, unsigned flags)
{
	int err = -ENETUNREACH;

	memset(res, 0, sizeof(*res));
	res->rule_idx = -1;
	if (h->custom_rules) {
		err = fib_rules_lookup(h, fl, res, flags);
		if (err == -ESRCH)
			err = -ENETUNREACH;
		return err;
	}
	/* A4: include/net/ip_fib.h fib_lookup() without custom rules */
	if (host_table(h, RT_TABLE_MAIN))
		err = fib_table_lookup(h, RT_TABLE_MAIN, fl, res, flags);
	if (err == 0)
		return 0;
	if (host_table(h, RT_TABLE_DEFAULT))
		err = fib_table_lookup(h, RT_TABLE_DEFAULT, fl, res, flags);
	if (err == -EAGAIN)
		err = -ENETUNREACH;
	return err;
}

/* in_dev_select_addr() */
static uint32_t in_dev_select_addr(const struct nic *n, int scope)
{
	for (size_t i = 0; i < n->naddr; i++) {
		const struct addr *a = &n->addrs[i];

		if (a->flags & IFA_F_SECONDARY)
			continue;
		if (a->scope != RT_SCOPE_LINK && a->scope <= scope)
			return a->local;
	}
	return 0;
}

/* inet_select_addr() (B4) */
uint32_t inet_select_addr(const struct host *h, const struct nic *dev, uint32_t dst, int scope)
{
	uint32_t addr = 0;
	int localnet_scope = RT_SCOPE_HOST;

	if (dev) {
		if (nic_conf(h, dev, DEVCONF_ROUTE_LOCALNET))
			localnet_scope = RT_SCOPE_LINK;
		for (size_t i = 0; i < dev->naddr; i++) {
			const struct addr *a = &dev->addrs[i];
			int s = a->scope < localnet_scope ? a->scope : localnet_scope;

			if (a->flags & IFA_F_SECONDARY)
				continue;
			if (s > scope)
				continue;
			if (!dst || ip_in_prefix(dst, a->local, a->plen)) {
				addr = a->local;
				break;
			}
			if (!addr)
				addr = a->local;
		}
		if (addr)
			return addr;
	}
	/* B4.3: every device in ifindex order, lo first */
	for (size_t i = 0; i < h->nnic; i++) {
		addr = in_dev_select_addr(&h->nics[i], scope);
		if (addr)
			return addr;
	}
	return 0;
}

/* fib_result_prefsrc() (B3.5): a path of a multipath route keeps the address it chose
 * (nh_saddr) until the addresses change (dev_addr_genid) */
static uint32_t fib_result_prefsrc(struct host *h, const struct fib_result *res)
{
	const struct route *r = res->route;
	struct mpath *g = r->mp ? host_mp(h, r->mp) : NULL;
	struct nhobj *o = r->nhid ? host_nhobj(h, r->nhid) : NULL;
	struct nexthop *nh;

	if (r->prefsrc)
		return r->prefsrc;
	if (o && o->is_group)
		o = host_nhobj(h, o->grp[res->nh_sel].id);
	if (o) {
		/* the object's source (picked with its own scope when it was made) while
		 * the addresses stay, else picked again with the route's */
		nh = &o->nh;
		if (nh->saddr_genid != h->dev_addr_genid) {
			nh->saddr = inet_select_addr(h, host_nic_by_index_c(h, nh->oif), nh->gw,
						     r->scope);
			nh->saddr_genid = h->dev_addr_genid;
		}
		return nh->saddr;
	}
	if (!g)
		return inet_select_addr(h, host_nic_by_index_c(h, r->oif), r->gw, r->scope);
	nh = &g->nh[res->nh_sel];
	if (nh->saddr_genid != h->dev_addr_genid) {
		nh->saddr = inet_select_addr(h, host_nic_by_index_c(h, nh->oif), nh->gw, r->scope);
		nh->saddr_genid = h->dev_addr_genid;
	}
	return nh->saddr;
}

static int nexthop_dev(const struct fib_result *res)
{
	return res->route ? res->nh.oif : 0;
}

/* ---- multipath (fib_select_path, fib_multipath_hash, fib_select_multipath) ---- */

/* The skb part of a flow: addresses (the L3 keys the same unless an ICMP error's quote
 * says otherwise), protocol, and the ports of TCP and UDP only */
static void skb_keys(struct flow *fl, uint32_t saddr, uint32_t daddr, uint8_t proto, uint16_t sport,
		     uint16_t dport)
{
	fl->skb.set = true;
	fl->skb.saddr = fl->skb.l3_saddr = saddr;
	fl->skb.daddr = fl->skb.l3_daddr = daddr;
	fl->skb.proto = proto;
	fl->skb.sport = fl->skb.dport = 0;
	if (proto == PKT_PROTO_TCP || proto == PKT_PROTO_UDP) {
		fl->skb.sport = sport;
		fl->skb.dport = dport;
	}
}

void flow_set_skb(struct flow *fl, const struct pkt *p)
{
	skb_keys(fl, p->src, p->dst, p->proto, p->sport, p->dport);
	/* ip_multipath_l3_keys(): an ICMP error (icmp_is_err) is hashed by the header it
	 * quotes, whose source is the one the error goes back to */
	if (p->proto == PKT_PROTO_ICMP &&
	    (p->sport == 3 || p->sport == 4 || p->sport == 11 || p->sport == 12)) {
		fl->skb.l3_saddr = p->dst;
		fl->skb.l3_daddr = p->ack;
	}
}

void flow_set_getroute_skb(struct flow *fl)
{
	skb_keys(fl, fl->saddr, fl->daddr, fl->proto, fl->sport, fl->dport);
}

static void put_be32(uint8_t *b, uint32_t v)
{
	b[0] = (uint8_t)(v >> 24);
	b[1] = (uint8_t)(v >> 16);
	b[2] = (uint8_t)(v >> 8);
	b[3] = (uint8_t)v;
}

static uint32_t raw32(uint32_t v) /* a __be32 read as the little-endian u32 in memory */
{
	return __builtin_bswap32(v);
}

static uint16_t raw16(uint16_t v)
{
	return __builtin_bswap16(v);
}

/* flow_hash_from_keys_seed() over struct flow_keys from its `basic` member: basic (4
 * bytes: n_proto, ip_proto), tags, vlan, cvlan, keyid, ports, icmp (28), then the IPv4
 * addresses and the 4 bytes after them, 48 bytes in all, after
 * __flow_hash_consistentify() put the smaller address and the smaller port first (as
 * the bytes compare on a little-endian machine). The seed is the key's four 32-bit
 * words (fib_multipath_hash_construct_key). */
static uint32_t mp_flow_hash(uint32_t seed, uint32_t src, uint32_t dst, uint8_t proto,
			     uint16_t sport, uint16_t dport)
{
	uint8_t b[48] = { 0 };
	uint64_t k = ((uint64_t)seed << 32) | seed;
	uint32_t hash;

	if (raw32(dst) < raw32(src)) {
		uint32_t t = src;

		src = dst;
		dst = t;
	}
	if (raw16(dport) < raw16(sport)) {
		uint16_t t = sport;

		sport = dport;
		dport = t;
	}
	b[2] = proto;
	b[28] = (uint8_t)(sport >> 8);
	b[29] = (uint8_t)sport;
	b[30] = (uint8_t)(dport >> 8);
	b[31] = (uint8_t)dport;
	put_be32(b + 36, src);
	put_be32(b + 40, dst);
	hash = (uint32_t)siphash24(b, sizeof(b), k, k);
	return hash ? hash : 1;
}

int fib_multipath_hash(const struct host *h, const struct flow *fl)
{
	uint32_t seed = h->mp_hash_seed ? (uint32_t)h->mp_hash_seed : MP_SEED_UNSET;
	uint32_t hash;

	if (h->mp_hash_policy == 1) {
		/* L4: the packet's addresses, protocol and ports, or the flow's */
		if (fl->skb.set)
			hash = mp_flow_hash(seed, fl->skb.saddr, fl->skb.daddr, fl->skb.proto,
					    fl->skb.sport, fl->skb.dport);
		else
			hash = mp_flow_hash(seed, fl->saddr, fl->daddr, fl->proto, fl->sport,
					    fl->dport);
	} else if (h->mp_hash_policy == 2 && fl->skb.set) {
		/* L3 or inner L3: pktpath has no tunnels, so the flow dissector's addresses,
		 * the outer ones (an ICMP error's quoted header is not an inner packet) */
		hash = mp_flow_hash(seed, fl->skb.saddr, fl->skb.daddr, 0, 0, 0);
	} else if (fl->skb.set) {
		hash = mp_flow_hash(seed, fl->skb.l3_saddr, fl->skb.l3_daddr, 0, 0, 0);
	} else {
		hash = mp_flow_hash(seed, fl->saddr, fl->daddr, 0, 0, 0);
	}
	return (int)(hash >> 1);
}

/* fib_good_nh(): a path through a gateway is good unless the gateway's neighbour entry
 * exists and is not valid (fib_multipath_use_neigh) */
static bool mp_good_neigh(struct host *h, const struct nexthop *nh)
{
	const struct neigh *ne;

	if (nh->scope != RT_SCOPE_LINK)
		return true;
	ne = neigh_lookup(h, nh->oif, nh->gw);
	return !ne || (ne->state & NUD_VALID);
}

/* ipv4_good_nh(): a nexthop object's gateway has no neighbour entry or a valid one */
static bool nhobj_good(struct host *h, const struct nexthop *nh)
{
	const struct neigh *ne = neigh_lookup(h, nh->oif, nh->gw);

	return !ne || (ne->state & NUD_VALID);
}

/* nexthop_select_path_hthr(): a group's first good member whose range holds the hash,
 * else its first good member, else its first (no source preference, whatever the
 * sysctls) */
static void nexthop_select_path(struct host *h, struct fib_result *res, int hash)
{
	int n = route_nnh(h, res->route), first = -1, sel = -1;

	for (int i = 0; i < n && sel < 0; i++) {
		struct nexthop nh = route_nh(h, res->route, i);

		if (!nhobj_good(h, &nh))
			continue;
		if (first < 0)
			first = i;
		if (hash <= nh.upper_bound)
			sel = i;
	}
	if (sel < 0)
		sel = first < 0 ? 0 : first;
	res->nh_sel = sel;
	res->nh = route_nh(h, res->route, sel);
}

/* fib_select_multipath(): the first live path scoring highest, where a path whose
 * source address is the flow's scores 2 and one whose hash range holds the hash 1 */
static void fib_select_multipath(struct host *h, struct fib_result *res, int hash,
				 const struct flow *fl)
{
	const struct mpath *g = host_mp(h, res->route->mp);
	uint32_t saddr = fl ? fl->saddr : 0;
	int score = -1;

	res->mp_chosen = true;
	res->mp_hash = hash;
	if (res->route->nhid) {
		nexthop_select_path(h, res, hash);
		return;
	}
	for (int i = 0; g && i < g->n; i++) {
		const struct nexthop *nh = &g->nh[i];
		int sc = 0;

		if (nh->upper_bound == -1 || (h->mp_use_neigh && !mp_good_neigh(h, nh)))
			continue;
		if (saddr && nh->saddr == saddr)
			sc += 2;
		if (hash <= nh->upper_bound)
			sc++;
		if (score < sc) {
			res->nh_sel = i;
			res->nh = *nh;
			if (sc == 3 || (!saddr && sc == 1))
				return;
			score = sc;
		}
	}
}

/* rt_bind_exception(): an ICMP redirect's gateway and the path MTU for this destination
 * on this route */
static void fnhe_bind(struct host *h, const struct fib_result *res, uint32_t daddr,
		      struct rtable *rt)
{
	struct fnhe *e = h->nfnhe ? host_fnhe_find(h, res->route, &res->nh, daddr) : NULL;

	if (!e)
		return;
	if (!rt->is_input)
		e->cached = true; /* fnhe_rth_output */
	if (e->gw) {
		rt->uses_gw = true;
		rt->gw = e->gw;
		rt->flags |= RTCF_REDIRECTED;
	}
	rt->pmtu = e->pmtu;
	rt->pmtu_locked = e->mtu_locked;
	rt->expires = e->expires;
}

/* __mkroute_output() + rt_set_nexthop() */
static int mkroute_output(struct host *h, const struct fib_result *res, struct flow *fl,
			  int dev_out, uint32_t flags, struct rtable *rt)
{
	int type = res->type;
	const struct nic *dev = host_nic_by_index_c(h, dev_out);

	if (!dev)
		return -EINVAL;
	if (!nic_conf(h, dev, DEVCONF_ROUTE_LOCALNET) && is_loopback(fl->saddr) &&
	    dev->kind != NIC_LOOPBACK)
		return -EINVAL;
	if (is_lbcast(fl->daddr))
		type = RTN_BROADCAST;
	else if (is_multicast(fl->daddr))
		type = RTN_MULTICAST;
	else if (is_zeronet(fl->daddr))
		return -EINVAL;
	if (dev->kind == NIC_LOOPBACK)
		flags |= RTCF_LOCAL;
	if (type == RTN_BROADCAST) {
		flags |= RTCF_BROADCAST | RTCF_LOCAL;
	} else if (type == RTN_MULTICAST) {
		/* local unless the device has not joined the group (ip_check_mc_rcu: every
		 * IPv4 device that is up has joined 224.0.0.1); the clearing also drops a
		 * RTCF_LOCAL set before, by a local route or the loopback device */
		flags |= RTCF_MULTICAST | RTCF_LOCAL;
		if (fl->daddr != 0xe0000001u)
			flags &= ~RTCF_LOCAL;
	}
	memset(rt, 0, sizeof(*rt));
	rt->type = type;
	rt->dev = dev_out;
	rt->flags = flags;
	rt->saddr = fl->saddr;
	rt->res = *res;
	rt->table = res->table;
	rt->rule_idx = res->rule_idx;
	/* a multicast destination uses a route's gateway only if the route is /4 or longer
	 * ("if multicast route do not exist use default one, but do not gateway") */
	if (type != RTN_BROADCAST && (type != RTN_MULTICAST || res->prefixlen >= 4) && res->route &&
	    res->nh.gw && res->nh.scope == RT_SCOPE_LINK) {
		rt->uses_gw = true; /* A7.5 rt_uses_gateway */
		rt->gw = res->nh.gw;
	}
	if (type != RTN_BROADCAST && type != RTN_MULTICAST && res->route)
		fnhe_bind(h, res, fl->daddr, rt);
	return 0;
}

int fib_route_output(struct host *h, struct flow *fl, struct rtable *rt)
{
	struct fib_result res;
	const struct nic *dev_out = NULL;
	uint32_t flags = 0;
	int err;

	memset(&res, 0, sizeof(res));
	res.rule_idx = -1;
	fl->iif = LOOPBACK_IFINDEX;
	/* B3.1 */
	if (fl->saddr) {
		if (is_multicast(fl->saddr) || is_lbcast(fl->saddr) || is_zeronet(fl->saddr))
			return -EINVAL;
		if (fl->oif == 0 && (is_multicast(fl->daddr) || is_lbcast(fl->daddr))) {
			const struct nic *n = host_find_local(h, fl->saddr);

			if (!n)
				return -ENETUNREACH;
			fl->oif = n->ifindex;
			return mkroute_output(h, &res, fl, n->ifindex, flags, rt);
		}
		if (!fl->anysrc && !host_find_local(h, fl->saddr))
			return -ENETUNREACH;
	}
	if (fl->oif) {
		dev_out = host_nic_by_index_c(h, fl->oif);
		if (!dev_out)
			return -ENODEV;
		if (!dev_out->up)
			return -ENETUNREACH;
		/* B3.2 */
		if (is_local_multicast(fl->daddr) || is_lbcast(fl->daddr)) {
			if (!fl->saddr)
				fl->saddr = inet_select_addr(h, dev_out, 0, RT_SCOPE_LINK);
			return mkroute_output(h, &res, fl, fl->oif, flags, rt);
		}
		if (!fl->saddr) {
			if (is_multicast(fl->daddr))
				fl->saddr = inet_select_addr(h, dev_out, 0, fl->scope);
			else if (!fl->daddr)
				fl->saddr = inet_select_addr(h, dev_out, 0, RT_SCOPE_HOST);
		}
	}
	if (!fl->daddr) {
		fl->daddr = fl->saddr;
		if (!fl->daddr)
			fl->daddr = fl->saddr = 0x7f000001;
		fl->oif = LOOPBACK_IFINDEX;
		res.type = RTN_LOCAL;
		flags |= RTCF_LOCAL;
		return mkroute_output(h, &res, fl, LOOPBACK_IFINDEX, flags, rt);
	}
	err = fib_lookup(h, fl, &res, 0);
	if (err) {
		memset(&res, 0, sizeof(res));
		res.rule_idx = -1;
		if (fl->oif) {
			/* B3.3: assume the destination is on link */
			if (!fl->saddr)
				fl->saddr = inet_select_addr(h, dev_out, 0, RT_SCOPE_LINK);
			res.type = RTN_UNICAST;
			return mkroute_output(h, &res, fl, fl->oif, flags, rt);
		}
		return err;
	}
	if (res.type == RTN_LOCAL) {
		/* B3.4 */
		if (!fl->saddr)
			fl->saddr = res.route->prefsrc ? res.route->prefsrc : fl->daddr;
		fl->oif = LOOPBACK_IFINDEX;
		flags |= RTCF_LOCAL;
		return mkroute_output(h, &res, fl, LOOPBACK_IFINDEX, flags, rt);
	}
	/* fib_select_path(): a multipath route picks a path by the flow's hash (unless the
	 * flow names its device); A8: same-metric default routes are treated as "first one" */
	if (!fl->oif && route_nnh(h, res.route) > 1)
		fib_select_multipath(h, &res, fib_multipath_hash(h, fl), fl);
	if (!fl->saddr)
		fl->saddr = fib_result_prefsrc(h, &res);
	return mkroute_output(h, &res, fl, nexthop_dev(&res), flags, rt);
}

static bool any_local_addr(const struct host *h, uint32_t a)
{
	for (size_t i = 0; i < h->nnic; i++)
		for (size_t j = 0; j < h->nics[i].naddr; j++)
			if (h->nics[i].addrs[j].local == a)
				return true;
	return false;
}

void fib_select_input_path(struct host *h, struct fib_result *res, const struct flow *fl)
{
	if (res->route && route_nnh(h, res->route) > 1)
		fib_select_multipath(h, res, fib_multipath_hash(h, fl), NULL);
}

/* fib_info_nh_uses_dev(): does a path of the result's route leave by dev? */
static bool fib_info_nh_uses_dev(const struct host *h, const struct fib_result *res,
				 const struct nic *dev)
{
	int n = route_nnh(h, res->route);

	for (int i = 0; i < n; i++)
		if (route_nh(h, res->route, i).oif == dev->ifindex)
			return true;
	return false;
}

/* __fib_validate_source() (D4) */
void fib_rpf_flow(struct host *h, uint32_t src, uint32_t dst, const struct flow *in, int oif,
		  const struct nic *dev, struct flow *fl)
{
	memset(fl, 0, sizeof(*fl));
	fl->iif = oif ? oif : LOOPBACK_IFINDEX;
	fl->daddr = src;
	fl->saddr = dst;
	fl->tos = in->tos;
	fl->mark = nic_conf(h, dev, DEVCONF_SRC_VALID_MARK) ? in->mark : 0;
	if (fib_rules_dissect(h)) {
		/* the packet's protocol and ports, turned round */
		fl->proto = in->proto;
		fl->sport = in->dport;
		fl->dport = in->sport;
	}
}

static int validate_source_full(struct host *h, uint32_t src, uint32_t dst, const struct flow *in,
				int oif, const struct nic *dev, int rpf)
{
	struct flow fl;
	struct fib_result res;
	bool no_addr = dev->naddr == 0;

	fib_rpf_flow(h, src, dst, in, oif, dev, &fl);
	if (fib_lookup(h, &fl, &res, 0))
		goto last_resort;
	if (res.type != RTN_UNICAST &&
	    (res.type != RTN_LOCAL || !nic_conf(h, dev, DEVCONF_ACCEPT_LOCAL)))
		return -EINVAL;
	if (fib_info_nh_uses_dev(h, &res, dev) ||
	    (res.type == RTN_LOCAL && dev->kind == NIC_LOOPBACK))
		return res.nh.scope >= RT_SCOPE_HOST;
	if (no_addr)
		goto last_resort;
	if (rpf == 1)
		return -EXDEV;
	fl.oif = dev->ifindex;
	if (fib_lookup(h, &fl, &res, FIB_LOOKUP_IGNORE_LINKSTATE) == 0 && res.type == RTN_UNICAST)
		return res.nh.scope >= RT_SCOPE_HOST;
	return 0;
last_resort:
	if (rpf)
		return -EXDEV;
	return 0;
}

int fib_validate_source(struct host *h, uint32_t src, uint32_t dst, const struct flow *in, int oif,
			const struct nic *dev)
{
	int r = nic_conf(h, dev, DEVCONF_RP_FILTER);

	if (!r && (dev->ifindex != oif || !nic_conf(h, dev, DEVCONF_SEND_REDIRECTS))) {
		if (nic_conf(h, dev, DEVCONF_ACCEPT_LOCAL))
			return 0;
		if (h->custom_local_routes || h->custom_rules)
			goto full;
		if (any_local_addr(h, src))
			return -EINVAL;
		return 0;
	}
full:
	return validate_source_full(h, src, dst, in, oif, dev, r);
}

/* ip_route_input_slow() (D3) */
int fib_route_input(struct host *h, struct flow *fl, struct rtable *rt)
{
	const struct nic *dev = host_nic_by_index_c(h, fl->iif);
	struct fib_result res;
	uint32_t flags = 0;
	int err;
	uint32_t daddr = fl->daddr, saddr = fl->saddr;

	memset(rt, 0, sizeof(*rt));
	memset(&res, 0, sizeof(res));
	res.rule_idx = -1;
	if (!dev)
		return -ENODEV;
	if (is_multicast(saddr) || is_lbcast(saddr))
		return -EINVAL;
	if (is_lbcast(daddr) || (saddr == 0 && daddr == 0))
		goto brd_input;
	if (is_zeronet(saddr))
		return -EINVAL;
	if (is_zeronet(daddr))
		return -EINVAL;
	if (is_loopback(daddr)) {
		if (!nic_conf(h, dev, DEVCONF_ROUTE_LOCALNET))
			return -EINVAL;
	} else if (is_loopback(saddr)) {
		if (!nic_conf(h, dev, DEVCONF_ROUTE_LOCALNET))
			return -EINVAL;
	}
	if (is_multicast(daddr))
		return -EINVAL; /* multicast input routing is not modelled */
	if (!fl->skb.set)	/* the packet is the flow (no ICMP error's quoted header given) */
		skb_keys(fl, saddr, daddr, fl->proto, fl->sport, fl->dport);
	fl->oif = 0;
	fl->scope = RT_SCOPE_UNIVERSE;
	fl->uid = 0; /* sock_net_uid(net, NULL) */
	if (!fib_rules_dissect(h))
		fl->proto = 0, fl->sport = fl->dport = 0;
	err = fib_lookup(h, fl, &res, 0);
	if (err != 0) {
		if (!nic_conf(h, dev, DEVCONF_FORWARDING))
			err = -EHOSTUNREACH;
		return err; /* no_route: an RTN_UNREACHABLE route whose error is err */
	}
	if (res.type == RTN_BROADCAST)
		goto brd_input;
	if (res.type == RTN_LOCAL) {
		if (fib_validate_source(h, saddr, daddr, fl, 0, dev) < 0)
			return -EINVAL;
		goto local_input;
	}
	if (!nic_conf(h, dev, DEVCONF_FORWARDING))
		return -EHOSTUNREACH;
	if (res.type != RTN_UNICAST)
		return -EINVAL;
	/* ip_mkroute_input(): a multipath route picks a path by the packet's hash; then
	 * __mkroute_input() */
	fib_select_input_path(h, &res, fl);
	{
		int v = fib_validate_source(h, saddr, daddr, fl, res.nh.oif, dev);
		const struct nic *out = host_nic_by_index_c(h, res.nh.oif);

		if (v < 0)
			return -EINVAL;
		rt->type = res.type;
		rt->dev = res.nh.oif;
		rt->is_input = true;
		rt->iif = fl->iif;
		rt->res = res;
		rt->table = res.table;
		rt->rule_idx = res.rule_idx;
		if (res.nh.gw && res.nh.scope == RT_SCOPE_LINK) {
			rt->uses_gw = true;
			rt->gw = res.nh.gw;
		}
		fnhe_bind(h, &res, daddr, rt);
		/* IN_DEV_TX_REDIRECTS && (IN_DEV_SHARED_MEDIA || inet_addr_onlink): shared_media
		 * defaults to 1 and is not modelled, so the first test decides */
		if (out && out->ifindex == dev->ifindex && v > 0 &&
		    nic_conf(h, out, DEVCONF_SEND_REDIRECTS))
			rt->flags |= RTCF_DOREDIRECT;
		return 0;
	}

brd_input:
	if (saddr != 0) {
		if (fib_validate_source(h, saddr, 0, fl, 0, dev) < 0)
			return -EINVAL;
	}
	flags |= RTCF_BROADCAST;
	res.type = RTN_BROADCAST;
local_input:
	rt->type = res.type;
	rt->dev = LOOPBACK_IFINDEX;
	rt->flags = flags | RTCF_LOCAL;
	rt->is_input = true;
	rt->iif = fl->iif;
	rt->res = res;
	rt->table = res.table;
	rt->rule_idx = res.rule_idx;
	return 0;
}
