/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * netlink-import: the model side of the libnl adapter. netlink.c reads a namespace and
 * hands over links, addresses, routes and rules by value (netlink-priv.h); this file
 * builds the host so that it equals the kernel's state: NICs with the kernel's
 * ifindexes (gaps allowed, ifindex order), addresses put straight into each NIC's list
 * in the kernel's order (no fib_add_ifaddr: the kernel-made routes come with the route
 * dump), every route of every table appended in dump order, the rules as dumped.
 * Approximations are listed at the top of netlink.c.
 */
#include "tools/kernel-io.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "net/fib.h"
#include "netlink-model.h"
#include "netlink-priv.h"

struct import {
	struct host *h;
	struct nl_import_stats *st;
	uint32_t *tab_order; /* table ids in order of first appearance in the route dump */
	size_t ntab, tab_cap;
	uint32_t last_table;
	struct nlx_exception *exc; /* route exceptions, bound to routes once all are in */
	size_t nexc, exc_cap;
};

static void on_link(void *ctx, const struct nlx_link *x)
{
	struct import *im = ctx;
	struct host *h = im->h;
	enum nic_kind kind;
	struct nic *n;

	switch (x->kind) {
	case NLX_LOOPBACK:
		kind = NIC_LOOPBACK;
		break;
	case NLX_BRIDGE:
		kind = NIC_BRIDGE;
		break;
	case NLX_VETH:
		kind = NIC_VETH;
		break;
	case NLX_OTHER:
	default:
		kind = NIC_VETH; /* dummy, vlan, …: shown as an Ethernet NIC */
		im->st->unsupported++;
		break;
	}
	if (kind == NIC_LOOPBACK && x->ifindex == LOOPBACK_IFINDEX) {
		n = host_nic_by_index(h, LOOPBACK_IFINDEX); /* sim_host_add made it */
		snprintf(n->name, sizeof(n->name), "%s", x->name);
	} else {
		if (h->nnic > 0 && x->ifindex <= h->nics[h->nnic - 1].ifindex) {
			im->st->unsupported++; /* a second loopback or a duplicate: cannot happen */
			return;
		}
		h->next_ifindex = x->ifindex;
		n = host_nic_add(h, x->name, kind);
	}
	n->up = x->up;
	n->ever_up = x->ever_up;
	n->mtu = x->mtu;
	if (x->has_mac && kind != NIC_LOOPBACK)
		memcpy(n->mac, x->mac, 6);
	n->master = x->master;
	if (x->kind == NLX_VETH && x->link > 0) {
		if (x->link_other_ns) {
			n->ext_peer_ifindex = x->link;
			n->ext_peer_nsid = x->link_nsid;
			snprintf(n->ext_peer_netns, sizeof(n->ext_peer_netns), "%s", x->link_netns);
		} else {
			n->peer_host = h->index;
			n->peer_ifindex = x->link;
		}
	}
	/* carrier comes from the peer (veth) or the ports (bridge) when they are in the
	 * model, else from the kernel */
	if (kind == NIC_VETH && n->peer_host < 0)
		n->ext_carrier = x->lower_up ? 1 : -1;
	im->st->links++;
}

static bool read_int(const char *dir, const char *name, int *out)
{
	char path[256], buf[32];
	FILE *f;
	bool ok;

	snprintf(path, sizeof(path), "/proc/sys/net/ipv4/conf/%s/%s", dir, name);
	f = fopen(path, "re");
	if (!f)
		return false;
	ok = fgets(buf, sizeof(buf), f) != NULL;
	fclose(f);
	if (ok)
		*out = atoi(buf);
	return ok;
}

/* runs inside the namespace: /proc/sys/net is the reader's namespace */
static void on_links_done(void *ctx)
{
	struct import *im = ctx;
	struct host *h = im->h;
	int maxif = 0;

	for (size_t i = 0; i < h->nnic; i++)
		if (h->nics[i].ifindex > maxif)
			maxif = h->nics[i].ifindex;
	h->next_ifindex = maxif + 1;
	{
		static const char *const keys[] = {
			"ip_default_ttl",
			"icmp_ratelimit",
			"icmp_ratemask",
			"icmp_errors_use_inbound_ifaddr",
			"fib_multipath_hash_policy",
			"fib_multipath_hash_seed",
			"fib_multipath_use_neigh",
			"route/min_pmtu",
			"route/mtu_expires",
			"ipfrag_time",
			"ip_forward_use_pmtu",
		};
		int *vals[] = { &h->ip_default_ttl,	 &h->icmp_ratelimit, &h->icmp_ratemask,
				&h->icmp_errors_inbound, &h->mp_hash_policy, &h->mp_hash_seed,
				&h->mp_use_neigh,	 &h->route_min_pmtu, &h->route_mtu_expires,
				&h->ipfrag_time,	 &h->ip_fwd_use_pmtu };

		for (size_t k = 0; k < sizeof(keys) / sizeof(keys[0]); k++) {
			char path[64];
			FILE *f;
			long long v;

			snprintf(path, sizeof(path), "/proc/sys/net/ipv4/%s", keys[k]);
			f = fopen(path, "re");
			if (!f)
				continue;
			/* the model's own checks: the TTL's range, milliseconds or seconds to
			 * jiffies; the seed is a u32; a hash policy pktpath does not model is
			 * counted */
			if (fscanf(f, "%lld", &v) == 1 &&
			    host_sysctl_write(h, DEVCONF__COUNT, NULL, vals[k], (int)(uint32_t)v) ==
				    -EOPNOTSUPP)
				im->st->unsupported++;
			fclose(f);
		}
	}
	for (int c = 0; c < DEVCONF__COUNT; c++) {
		const char *name = devconf_name((enum devconf)c);

		read_int("all", name, &h->conf_all[c]);
		read_int("default", name, &h->conf_default[c]);
		for (size_t i = 0; i < h->nnic; i++) {
			struct nic *n = &h->nics[i];

			/* cnf.state is not exposed: "set" = differs from conf/default */
			if (read_int(n->name, name, &n->conf[c]) &&
			    n->conf[c] != h->conf_default[c])
				n->conf_set |= 1u << c;
		}
	}
}

static void on_addr(void *ctx, const struct nlx_addr *x)
{
	struct import *im = ctx;
	struct nic *n = host_nic_by_index(im->h, x->ifindex);
	struct addr a;

	if (!n)
		return;
	memset(&a, 0, sizeof(a));
	a.local = x->local;
	a.plen = x->plen;
	a.scope = x->scope;
	a.brd = x->brd;
	a.flags = x->flags;
	a.metric = x->metric;
	snprintf(a.label, sizeof(a.label), "%s", x->label);
	if (x->peer)
		im->st->unsupported++;
	/* the kernel's address-hash order is not visible: dump order stands in for it */
	a.hash_seq = ++im->h->addr_seq;
	/* the dump order is the kernel's list order (B1): append, no fib_add_ifaddr */
	vec_reserve((void **)&n->addrs, &n->addr_cap, n->naddr + 1, sizeof(*n->addrs));
	n->addrs[n->naddr++] = a;
	im->st->addrs++;
}

static void note_table(struct import *im, uint32_t id)
{
	if (im->ntab > 0 && im->last_table == id)
		return;
	im->last_table = id;
	for (size_t i = 0; i < im->ntab; i++)
		if (im->tab_order[i] == id)
			return;
	vec_reserve((void **)&im->tab_order, &im->tab_cap, im->ntab + 1, sizeof(*im->tab_order));
	im->tab_order[im->ntab++] = id;
}

_Static_assert((int)NLX_MP_MAX == (int)MP_MAX, "the adapter and the model hold as many paths");
_Static_assert((int)NLX_LOCK_MTU == (int)ROUTE_LOCK_MTU &&
		       (int)NLX_LOCK_ADVMSS == (int)ROUTE_LOCK_ADVMSS,
	       "the adapter and the model name locked metrics alike");

/* The paths of a multipath route into a new group of h (scopes are fixed after the
 * import, source addresses when first asked); one path is the route's own. */
static void route_paths(struct host *h, const struct nlx_route *x, struct route *r)
{
	struct mpath *g;

	if (x->nnh == 1) {
		r->gw = x->nh[0].gw;
		r->oif = x->nh[0].oif;
		r->nh_flags = x->nh[0].flags;
		return;
	}
	r->mp = host_mp_new(h);
	g = host_mp(h, r->mp);
	g->n = x->nnh;
	for (int i = 0; i < x->nnh; i++) {
		struct nexthop *nh = &g->nh[i];
		const struct nic *dev = host_nic_by_index_c(h, x->nh[i].oif);

		memset(nh, 0, sizeof(*nh));
		nh->gw = x->nh[i].gw;
		nh->oif = x->nh[i].oif;
		nh->flags = x->nh[i].flags;
		if ((nh->flags & NH_F_LINKDOWN) && (nh->flags & NH_F_DEAD) && dev &&
		    nic_conf(h, dev, DEVCONF_IGNORE_LINKDOWN))
			nh->flags &= ~(uint32_t)NH_F_DEAD; /* derived (fib_nexthop_info) */
		nh->weight = x->nh[i].weight;
		nh->scope = nh->gw ? RT_SCOPE_LINK : RT_SCOPE_HOST;
		nh->saddr = inet_select_addr(h, dev, nh->gw, r->scope);
		nh->saddr_genid = h->dev_addr_genid;
	}
	host_mp_rebalance(h, g);
	r->gw = 0;
	r->oif = 0;
}

void nlm_route_from_nlx(struct host *h, const struct nlx_route *x, struct route *r)
{
	memset(r, 0, sizeof(*r));
	r->table = x->table;
	r->dst = x->dst;
	r->plen = x->plen;
	r->tos = x->tos;
	r->type = x->type;
	r->scope = x->scope;
	r->proto = x->proto;
	r->priority = x->priority;
	r->prefsrc = x->prefsrc;
	r->gw = x->gw;
	r->oif = x->oif;
	r->nh_flags = x->nh_flags;
	r->mtu = (uint16_t)(x->mtu > ROUTE_MTU_MAX ? ROUTE_MTU_MAX : x->mtu);
	r->advmss = (uint16_t)(x->advmss > ROUTE_ADVMSS_MAX ? ROUTE_ADVMSS_MAX : x->advmss);
	r->locks = x->locks;
	/* "dead" because of ignore_routes_with_linkdown is derived by the model */
	if ((r->nh_flags & NH_F_LINKDOWN) && (r->nh_flags & NH_F_DEAD))
		r->nh_flags &= ~(uint32_t)NH_F_DEAD;
	if (r->scope == RT_SCOPE_HOST)
		r->nh_scope = RT_SCOPE_NOWHERE;
	else if (!r->gw && r->oif)
		r->nh_scope = RT_SCOPE_HOST;
	else if (r->gw)
		r->nh_scope = (r->nh_flags & NH_F_ONLINK) ? RT_SCOPE_LINK
							  : RT_SCOPE_NOWHERE; /* nlm_gw_nh_scope */
	if (x->nhid) {
		/* the object's paths, not the ones the dump repeats (compat mode) */
		r->nhid = x->nhid;
		r->gw = 0;
		r->oif = 0;
		r->nh_flags = 0;
		r->nh_scope = 0;
		if (r->type == RTN_BLACKHOLE && host_nhobj(h, x->nhid) &&
		    host_nhobj(h, x->nhid)->blackhole)
			r->type = RTN_UNICAST; /* the dump names a blackhole object's route so */
	} else if (x->nnh) {
		route_paths(h, x, r);
	}
}

/* A nexthop object as the dump gives it: its path's scope is the kernel's; its source is
 * picked as nh_create_ipv4() picks it (a scope below the path's) */
static void on_nexthop(void *ctx, const struct nlx_nexthop *x)
{
	struct import *im = ctx;
	struct host *h = im->h;
	struct nhobj n;

	if (x->unsupported) {
		im->st->unsupported++;
		return;
	}
	memset(&n, 0, sizeof(n));
	n.id = x->id;
	n.proto = x->proto;
	if (x->is_group) {
		n.is_group = true;
		n.ngrp = x->ngrp;
		for (int i = 0; i < x->ngrp; i++) {
			n.grp[i].id = x->grp[i].id;
			n.grp[i].weight = x->grp[i].weight;
		}
		nhobj_rebalance(&n);
	} else {
		n.blackhole = x->blackhole;
		n.nh.gw = x->gw;
		n.nh.oif = x->blackhole ? LOOPBACK_IFINDEX : x->oif;
		n.nh.flags = x->flags & NH_F_ONLINK;
		n.nh.scope = x->blackhole ? RT_SCOPE_HOST : x->scope;
		n.nh.weight = 1;
		n.nh.saddr = inet_select_addr(h, host_nic_by_index_c(h, n.nh.oif), n.nh.gw,
					      n.nh.scope ? n.nh.scope - 1 : 0);
		n.nh.saddr_genid = h->dev_addr_genid;
	}
	host_nhobj_put(h, &n);
	im->st->nexthops++;
}

static void on_route(void *ctx, const struct nlx_route *x)
{
	struct import *im = ctx;
	struct route r;

	nlm_route_from_nlx(im->h, x, &r);
	/* inet_rtm_newroute(): a local route added by a user (not by an address) */
	if (r.type == RTN_LOCAL && r.proto != RTPROT_KERNEL)
		im->h->custom_local_routes = true;
	if (x->multipath)
		im->st->multipath++;
	if (x->unsupported)
		im->st->unsupported++;
	note_table(im, r.table);
	host_route_import(im->h, &r);
	im->st->routes++;
}

static void on_rule(void *ctx, const struct nlx_rule *x)
{
	struct import *im = ctx;
	struct host *h = im->h;
	struct rule r;

	memset(&r, 0, sizeof(r));
	r.pref = x->pref;
	r.invert = x->invert;
	r.src = x->src;
	r.dst = x->dst;
	r.src_len = x->src_len;
	r.dst_len = x->dst_len;
	r.tos = x->tos;
	r.mark = x->mark;
	r.mask = x->mask;
	r.has_mark = x->has_mark;
	snprintf(r.iif, sizeof(r.iif), "%s", x->iif);
	snprintf(r.oif, sizeof(r.oif), "%s", x->oif);
	r.action = x->action;
	r.table = x->table;
	r.goto_target = x->goto_target;
	r.suppress_prefixlen = x->suppress_prefixlen;
	r.proto = x->proto;
	r.ip_proto = x->ip_proto;
	r.sport_lo = x->sport_lo;
	r.sport_hi = x->sport_hi;
	r.dport_lo = x->dport_lo;
	r.dport_hi = x->dport_hi;
	r.has_uid = x->has_uid;
	r.uid_lo = x->uid_lo;
	r.uid_hi = x->uid_hi;
	if (x->unsupported)
		im->st->unsupported++;
	if (im->st->rules == 0)
		h->nrules = 0; /* replace sim_host_add's defaults */
	vec_reserve((void **)&h->rules, &h->rule_cap, h->nrules + 1, sizeof(r));
	h->rules[h->nrules++] = r;
	im->st->rules++;
}

/* A7.3: nh_scope of a gateway nexthop is the scope of the route that covered the gateway
 * when the kernel accepted it (fib_check_nh_v4_gw), looked up in h as it is now. */
uint8_t nlm_gw_nh_scope(struct host *h, const struct route *r)
{
	struct fib_result res;
	struct flow fl;
	int err = 1;

	memset(&fl, 0, sizeof(fl));
	fl.daddr = r->gw;
	fl.scope = (uint8_t)(r->scope + 1 < RT_SCOPE_LINK ? RT_SCOPE_LINK : r->scope + 1);
	fl.oif = r->oif;
	fl.iif = LOOPBACK_IFINDEX;
	if (r->table && r->table != RT_TABLE_MAIN && host_table(h, r->table))
		err = fib_table_lookup(h, r->table, &fl, &res, FIB_LOOKUP_IGNORE_LINKSTATE);
	if (err)
		err = fib_lookup(h, &fl, &res, FIB_LOOKUP_IGNORE_LINKSTATE);
	/* the kernel accepted the route: a miss now means the state moved on since */
	return err ? RT_SCOPE_LINK : res.scope;
}

/* the same for each gateway path of a multipath route */
static void mp_fix_scopes(struct host *h, const struct route *r)
{
	struct mpath *g = host_mp(h, r->mp);

	for (int i = 0; g && i < g->n; i++) {
		struct route one = *r;

		if (!g->nh[i].gw || (g->nh[i].flags & NH_F_ONLINK))
			continue;
		one.mp = 0;
		one.gw = g->nh[i].gw;
		one.oif = g->nh[i].oif;
		g->nh[i].scope = nlm_gw_nh_scope(h, &one);
	}
}

/* recomputed on the imported state */
static void fix_nh_scopes(struct host *h)
{
	uint32_t last_gw = 0, last_table = 0;
	int last_oif = -1;
	uint8_t last_rscope = 0, last_res = RT_SCOPE_LINK;

	for (size_t ti = 0; ti < h->ntables; ti++) {
		struct table *t = &h->tables[ti];

		table_for_each(t, r)
		{
			if (r->mp) {
				mp_fix_scopes(h, r);
				continue;
			}
			if (!r->gw || (r->nh_flags & NH_F_ONLINK))
				continue;
			if (r->gw == last_gw && r->oif == last_oif && r->table == last_table &&
			    r->scope == last_rscope) {
				r->nh_scope = last_res;
				continue;
			}
			r->nh_scope = nlm_gw_nh_scope(h, r);
			last_gw = r->gw;
			last_oif = r->oif;
			last_table = r->table;
			last_rscope = r->scope;
			last_res = r->nh_scope;
		}
	}
	for (size_t ti = 0; ti < h->ntables; ti++)
		table_for_each(&h->tables[ti], r) r->accessed = false;
}

static bool rules_are_default(const struct host *h)
{
	static const uint32_t prefs[] = { 0, 32766, 32767 };
	static const uint32_t tables[] = { RT_TABLE_LOCAL, RT_TABLE_MAIN, RT_TABLE_DEFAULT };

	if (h->nrules != 3)
		return false;
	for (int i = 0; i < 3; i++) {
		const struct rule *r = &h->rules[i];

		if (r->pref != prefs[i] || r->table != tables[i] || r->action != FR_ACT_TO_TBL ||
		    r->invert || r->src_len || r->dst_len || r->tos || r->has_mark || r->iif[0] ||
		    r->oif[0] || r->suppress_prefixlen != -1)
			return false;
	}
	return true;
}

static void on_exception(void *ctx, const struct nlx_exception *e)
{
	struct import *im = ctx;

	vec_reserve((void **)&im->exc, &im->exc_cap, im->nexc + 1, sizeof(*im->exc));
	im->exc[im->nexc++] = *e;
}

/* Each exception belongs to the route its destination matches in its table (the kernel
 * hangs it on that route's nexthop; the dump does not say which route). */
static void bind_exceptions(struct import *im)
{
	struct host *h = im->h;

	for (size_t i = 0; i < im->nexc; i++) {
		const struct nlx_exception *e = &im->exc[i];
		struct fib_result res;
		struct fnhe *f;
		uint32_t pmtu;

		if (!host_table(h, e->table) ||
		    fib_table_lookup_id(h, e->table, e->daddr, &res) != 0 || !res.route)
			continue;
		/* the exception hangs off the path it was learnt on (the dump names its device) */
		for (int k = 0; k < route_nnh(h, res.route); k++)
			if (route_nh(h, res.route, k).oif == e->oif)
				res.nh = route_nh(h, res.route, k);
		/* rt_fill_info() put the path MTU over the route's mtu metric */
		pmtu = e->mtu && (e->mtu != res.route->mtu ||
				  e->mtu_lock != !!(res.route->locks & ROUTE_LOCK_MTU))
			       ? e->mtu
			       : 0;
		if ((e->gw && !res.nh.gw) || (!e->gw && !pmtu))
			continue;
		host_fnhe_update(h, res.route, &res.nh, e->oif, e->daddr, e->gw, pmtu,
				 pmtu && e->mtu_lock && !(res.route->locks & ROUTE_LOCK_MTU),
				 host_jiffies(h) + (int64_t)e->expires * KERNEL_HZ / 100);
		f = host_fnhe_find(h, res.route, &res.nh, e->daddr);
		if (f)
			f->cached = true; /* the kernel dumps only exceptions with a cached route */
		im->st->exceptions++;
	}
	free(im->exc);
	im->exc = NULL;
	im->nexc = im->exc_cap = 0;
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int nl_import(struct sim *sim, const char *netns, const char *name, struct host **out,
	      struct nl_import_stats *st_out, char *msg, size_t msglen)
{
	struct nl_import_stats st = { 0 };
	struct import im = { 0 };
	struct nlx_sink sink = { &im,	     on_link,  on_links_done, on_addr,
				 on_nexthop, on_route, on_rule,	      on_exception };
	double t0 = now_s();
	struct host *h;
	int err;

	*out = NULL;
	h = sim_host_add(sim, name);
	snprintf(h->netns, sizeof(h->netns), "%s", netns && *netns ? netns : ".");
	im.h = h;
	im.st = &st;
	err = nlx_read(netns, &sink, msg, msglen);
	if (!err) {
		uint64_t n = im.ntab + 1;

		/* main always exists (§12.1). Creation order, from the dump order: within a
		 * hash bucket the newest table is dumped first (§12.2). */
		if (!host_table(h, RT_TABLE_MAIN))
			host_table_get(h, RT_TABLE_MAIN);
		for (size_t i = 0; i < h->ntables; i++)
			h->tables[i].created = 0;
		for (size_t i = 0; i < im.ntab; i++) {
			struct table *t = host_table(h, im.tab_order[i]);

			if (t)
				t->created = n - i;
		}
		h->table_seq = n + 1;
		/* fib_has_custom_rules is not exposed: rules other than the defaults (A1) */
		h->custom_rules = !rules_are_default(h);
		fix_nh_scopes(h);
		bind_exceptions(&im);
		st.mp_random_seed = h->mp_hash_seed == 0;
	}
	free(im.exc);
	free(im.tab_order);
	st.seconds = now_s() - t0;
	if (st_out)
		*st_out = st;
	*out = h;
	return err;
}

int nl_feed_buffer(struct host *h, const void *buf, size_t len, bool notifications)
{
	struct nl_import_stats st = { 0 };
	struct import im = { 0 };
	struct nlx_sink sink = { &im,	     on_link,  on_links_done, on_addr,
				 on_nexthop, on_route, on_rule,	      NULL };
	struct nlx_batch b = { 0 };
	size_t applied = 0;
	int rc = 0;

	im.h = h;
	im.st = &st;
	if (notifications) {
		nlx_feed_buffer(buf, len, NULL, &b);
		rc = b.resync ? -1 : nlm_apply_batch(h, &b, &applied);
		free(b.ev);
		return rc;
	}
	nlx_feed_buffer(buf, len, &sink, NULL);
	if (!host_table(h, RT_TABLE_MAIN))
		host_table_get(h, RT_TABLE_MAIN);
	h->custom_rules = !rules_are_default(h);
	fix_nh_scopes(h);
	free(im.tab_order);
	return 0;
}

/* ---- --apply ---- */

int nl_resync(struct host *h, char *msg, size_t msglen)
{
	struct host *fresh;

	if (nl_import(h->sim, h->netns, "(resync)", &fresh, NULL, msg, msglen) != 0) {
		if (fresh)
			sim_host_take_state(fresh, fresh);
		return -1;
	}
	sim_host_take_state(h, fresh);
	nlm_live_host_reread(h);
	return 0;
}

static void route_to_nlx(const struct route *r, struct nlx_route *x)
{
	memset(x, 0, sizeof(*x));
	x->table = r->table;
	x->dst = r->dst;
	x->plen = r->plen;
	x->tos = r->tos;
	x->type = r->type;
	x->scope = r->scope;
	x->proto = r->proto;
	x->priority = r->priority;
	x->prefsrc = r->prefsrc;
	x->gw = r->gw;
	x->oif = r->oif;
	x->nh_flags = r->nh_flags;
	x->has_mtu = r->mtu != 0;
	x->has_advmss = r->advmss != 0;
	x->mtu = r->mtu;
	x->advmss = r->advmss;
	x->locks = r->locks;
}

static void rule_to_nlx(const struct rule *r, struct nlx_rule *x)
{
	memset(x, 0, sizeof(*x));
	x->pref = r->pref;
	x->invert = r->invert;
	x->src = r->src;
	x->dst = r->dst;
	x->src_len = r->src_len;
	x->dst_len = r->dst_len;
	x->tos = r->tos;
	x->has_mark = r->has_mark;
	x->mark = r->mark;
	x->mask = r->mask;
	snprintf(x->iif, sizeof(x->iif), "%s", r->iif);
	snprintf(x->oif, sizeof(x->oif), "%s", r->oif);
	x->action = r->action;
	x->table = r->table;
	x->goto_target = r->goto_target;
	x->suppress_prefixlen = r->suppress_prefixlen;
	x->ip_proto = r->ip_proto;
	x->has_sport = r->has_sport;
	x->has_dport = r->has_dport;
	x->sport_lo = r->sport_lo;
	x->sport_hi = r->sport_hi;
	x->dport_lo = r->dport_lo;
	x->dport_hi = r->dport_hi;
	x->has_uid = r->has_uid;
	x->uid_lo = r->uid_lo;
	x->uid_hi = r->uid_hi;
}

int nl_kedit(struct cmd_ctx *ctx, struct host *h, const struct kedit *e, struct cmd_out *o)
{
	static const enum nlx_edit_op ops[] = {
		[KEDIT_ROUTE_NEW] = NLX_ROUTE_NEW,     [KEDIT_ROUTE_DEL] = NLX_ROUTE_DEL,
		[KEDIT_RULE_ADD] = NLX_RULE_ADD,       [KEDIT_RULE_DEL] = NLX_RULE_DEL,
		[KEDIT_ADDR_ADD] = NLX_ADDR_ADD,       [KEDIT_ADDR_DEL] = NLX_ADDR_DEL,
		[KEDIT_LINK_UPDOWN] = NLX_LINK_UPDOWN, [KEDIT_NH_NEW] = NLX_NH_NEW,
		[KEDIT_NH_DEL] = NLX_NH_DEL,
	};
	static const enum nlx_route_verb verbs[] = {
		[ROUTE_ADD] = NLX_ADD,	       [ROUTE_APPEND] = NLX_APPEND,
		[ROUTE_PREPEND] = NLX_PREPEND, [ROUTE_REPLACE] = NLX_REPLACE,
		[ROUTE_CHANGE] = NLX_CHANGE,
	};
	struct nlx_edit x;
	char msg[512];
	int rc;

	(void)ctx;
	memset(&x, 0, sizeof(x));
	x.op = ops[e->op];
	x.verb = verbs[e->rop];
	route_to_nlx(&e->route, &x.r);
	for (int i = 0; e->mp && i < e->mp->n; i++) {
		x.r.nh[i].gw = e->mp->nh[i].gw;
		x.r.nh[i].oif = e->mp->nh[i].oif;
		x.r.nh[i].flags = e->mp->nh[i].flags;
		x.r.nh[i].weight = e->mp->nh[i].weight;
		x.r.nnh++;
	}
	x.metric_given = e->metric_given;
	/* the metrics as given, not as the model caps them */
	x.r.has_mtu = e->has_mtu;
	x.r.has_advmss = e->has_advmss;
	x.r.mtu = e->mtu;
	x.r.advmss = e->advmss;
	rule_to_nlx(&e->rule, &x.rule);
	x.pref_given = e->pref_given;
	x.a.ifindex = e->ifindex;
	x.a.local = e->addr.local;
	x.a.brd = e->addr.brd;
	x.a.plen = e->addr.plen;
	x.a.scope = e->addr.scope;
	x.a.flags = e->addr.flags;
	x.a.metric = e->addr.metric;
	snprintf(x.a.label, sizeof(x.a.label), "%s", e->addr.label);
	x.local_given = e->local_given;
	x.plen_given = e->plen_given;
	x.label_given = e->label_given;
	x.ifindex = e->ifindex;
	x.up = e->up;
	x.r.nhid = e->route.nhid;
	if (e->nh) {
		x.nh.id = e->nh->id;
		x.nh.gw = e->nh->gw;
		x.nh.id_given = e->nh->id_given;
		x.nh.inet = e->nh->inet;
		x.nh.oif_given = e->nh->oif_given;
		x.nh.blackhole = e->nh->blackhole;
		x.nh.onlink = e->nh->onlink;
		x.nh.replace = e->nh->replace;
		x.nh.oif = e->nh->oif;
		x.nh.proto = e->nh->proto;
		x.nh.ngrp = e->nh->ngrp;
		for (int i = 0; i < e->nh->ngrp; i++) {
			x.nh.grp[i].id = e->nh->grp[i].id;
			x.nh.grp[i].weight = e->nh->grp[i].weight;
		}
	}
	rc = nlx_edit(h->netns, &x, msg, sizeof(msg));
	if (rc < 0)
		return cmd_err(o, 1, "pktpath: --apply: %s; nothing changed", msg);
	if (rc > 0)
		return cmd_err(o, 2, "%s", msg); /* the kernel said no: iproute2 exits 2 */
	if (msg[0])
		cmd_err(o, 0, "%s", msg);
	/* the kernel's state, not our idea of it */
	if (nl_resync(h, msg, sizeof(msg)) != 0)
		return cmd_err(o, 1,
			       "pktpath: the kernel accepted the change, but re-reading "
			       "namespace %s failed: %s",
			       h->netns, msg);
	return 0;
}
