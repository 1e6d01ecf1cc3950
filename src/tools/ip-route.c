/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * ip-route: `ip route` show, flush, get and add/del/replace/change/append/prepend, as
 * iproute2 6.1 (ip/iproute.c) and the kernel (fib_table_insert, fib_table_delete) answer.
 */
#include <errno.h>
#include <limits.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ip.h"

/* ---- route printing ---- */

/* ---- route show / flush ---- */

struct route_filter {
	uint32_t table; /* 0 = all */
	bool table_given;
	int oif;   /* 0 = any */
	int proto; /* -1 any */
	int scope; /* -1 any */
	int type;  /* -1 any */
	bool has_via, has_src;
	uint32_t via, src;
	bool cloned; /* `cache`: the route exceptions (RTM_F_CLONED), not the routes */
	unsigned hide;
	bool has_prefix;
	uint32_t pfx;
	int plen;
	enum { PFX_EXACT, PFX_ROOT, PFX_MATCH } pfx_kind;
};

static bool filter_route(const struct host *h, const struct route_filter *f, const struct route *r)
{
	if (f->oif && route_shown_oif(h, r) != f->oif)
		return false;
	if (f->proto >= 0 && r->proto != f->proto)
		return false;
	if (f->scope >= 0 && r->scope != f->scope)
		return false;
	if (f->type >= 0 && r->type != f->type)
		return false;
	if (f->has_via && route_shown_gw(h, r) != f->via)
		return false;
	if (f->has_src && r->prefsrc != f->src)
		return false;
	if (f->has_prefix) {
		switch (f->pfx_kind) {
		case PFX_EXACT:
			if (r->plen != f->plen || r->dst != f->pfx)
				return false;
			break;
		case PFX_ROOT: /* routes inside the prefix */
			if (r->plen < f->plen || !ip_in_prefix(r->dst, f->pfx, f->plen))
				return false;
			break;
		case PFX_MATCH: /* routes covering the prefix */
			if (r->plen > f->plen || !ip_in_prefix(f->pfx, r->dst, r->plen))
				return false;
			break;
		}
	}
	return true;
}

/* Tables in the kernel's dump order: hash bucket (id & 255) ascending, newest first. */
static size_t tables_dump_order(const struct host *h, const struct table **out)
{
	size_t n = 0;

	for (size_t i = 0; i < h->ntables; i++)
		out[n++] = &h->tables[i];
	for (size_t i = 1; i < n; i++) {
		const struct table *t = out[i];
		size_t j = i;

		while (j > 0) {
			const struct table *p = out[j - 1];
			uint32_t bp = p->id & 255, bt = t->id & 255;

			if (bp < bt || (bp == bt && p->created > t->created))
				break;
			out[j] = p;
			j--;
		}
		out[j] = t;
	}
	return n;
}

static int parse_route_filter(struct host *h, int argc, char **argv, struct route_filter *f,
			      struct cmd_out *o)
{
	memset(f, 0, sizeof(*f));
	f->table = RT_TABLE_MAIN;
	f->proto = f->scope = f->type = -1;
	while (argc > 0) {
		if (matches(*argv, "table")) {
			NEXT_ARG();
			if (strcmp(*argv, "all") == 0) {
				f->table = 0;
			} else if (strcmp(*argv, "cache") == 0) {
				f->table = 0; /* no table: all of them */
				f->cloned = true;
			} else if (!rt_table_parse(*argv, &f->table)) {
				return invarg(o, "table id value is invalid\n", *argv);
			}
			f->table_given = true;
		} else if (strcmp(*argv, "dev") == 0 || strcmp(*argv, "oif") == 0) {
			struct nic *n;

			NEXT_ARG();
			n = host_nic(h, *argv);
			if (!n)
				return no_dev(o, *argv);
			f->oif = n->ifindex;
			f->hide |= HIDE_DEV;
		} else if (strcmp(*argv, "via") == 0 || strcmp(*argv, "src") == 0) {
			bool via = strcmp(*argv, "via") == 0;
			uint32_t a;

			NEXT_ARG();
			if (strcmp(*argv, "inet") == 0)
				NEXT_ARG();
			if (!ip_parse(*argv, &a))
				return cmd_err(
					o, IP_EXIT_FAIL,
					"Error: any valid prefix is expected rather than \"%s\".",
					*argv);
			if (via) {
				f->has_via = true;
				f->via = a;
				f->hide |= HIDE_VIA;
			} else {
				f->has_src = true;
				f->src = a;
				f->hide |= HIDE_SRC;
			}
		} else if (matches(*argv, "protocol")) {
			NEXT_ARG();
			if (strcmp(*argv, "all") == 0) {
				f->proto = -1;
			} else {
				if (!rt_proto_parse(*argv, &f->proto))
					return invarg(o, "invalid \"protocol\"\n", *argv);
				f->hide |= HIDE_PROTO;
			}
		} else if (strcmp(*argv, "scope") == 0) {
			NEXT_ARG();
			if (strcmp(*argv, "all") == 0) {
				f->scope = -1;
			} else {
				if (!rt_scope_parse(*argv, &f->scope))
					return invarg(o, "invalid \"scope\"\n", *argv);
				f->hide |= HIDE_SCOPE;
			}
		} else if (strcmp(*argv, "type") == 0) {
			NEXT_ARG();
			if (!rt_type_parse(*argv, &f->type))
				return invarg(o, "node type value is invalid\n", *argv);
		} else if (strcmp(*argv, "cache") == 0) {
			f->cloned = true;
		} else {
			int kind = PFX_EXACT;
			int plen;

			if (matches(*argv, "root")) {
				NEXT_ARG();
				kind = PFX_ROOT;
			} else if (matches(*argv, "match")) {
				NEXT_ARG();
				kind = PFX_MATCH;
			} else if (matches(*argv, "exact")) {
				NEXT_ARG();
			} else if (strcmp(*argv, "to") == 0) {
				NEXT_ARG();
			}
			if (strcmp(*argv, "default") == 0 || strcmp(*argv, "all") == 0) {
				f->pfx = 0;
				plen = strcmp(*argv, "all") == 0 ? 0 : 0;
				if (strcmp(*argv, "all") == 0) {
					argc--, argv++;
					continue;
				}
			} else if (!prefix_parse(*argv, &f->pfx, &plen)) {
				return cmd_err(
					o, IP_EXIT_FAIL,
					"Error: any valid prefix is expected rather than \"%s\".",
					*argv);
			}
			if (plen < 0)
				plen = 32;
			f->pfx &= ip_mask(plen);
			f->plen = plen;
			f->has_prefix = true;
			f->pfx_kind = kind;
		}
		argc--, argv++;
	}
	return 0;
}

/* fib_dump_info_fnhe(): the route exceptions that a lookup has bound to a route (the IPv4
 * "cache" since 3.6: what ICMP redirects and "fragmentation needed" made), as
 * rt_fill_info() without a flow; the cached route carries its route's metrics, its path
 * MTU in place of the mtu metric */
static void fmt_exceptions(const struct host *h, const struct route_filter *f, struct jw *w)
{
	char b[32];

	for (size_t i = 0; i < h->nfnhe; i++) {
		const struct fnhe *e = &h->fnhes[i];
		long long clk = (e->expires - host_jiffies(h)) * 100 / KERNEL_HZ;

		if (!e->cached || (f->table && e->table != f->table) ||
		    e->expires < host_jiffies(h))
			continue;
		jw_obj(w, NULL);
		jw_word(w, "dst", "", ip_str(e->daddr));
		if (e->gw || e->nh_gw)
			jw_word(w, "gateway", "via ", ip_str(e->gw ? e->gw : e->nh_gw));
		jw_word(w, "dev", "dev ", dev_name(h, e->nh_oif ? e->nh_oif : e->dev));
		if (e->table != RT_TABLE_MAIN)
			jw_word(w, "table", "table ", rt_table_name(e->table, b, sizeof(b)));
		jw_arr(w, "flags");
		jw_arr_end(w);
		ip_route_cache_flags(e->gw ? RTCF_REDIRECTED : 0, w);
		jw_int(w, "expires", "expires %lldsec ", (long long)(clk / 100));
		route_metrics_fmt(host_fnhe_route(h, e), e->pmtu, e->mtu_locked, w);
		jw_puts(w, "\n");
		jw_obj_end(w);
	}
}

static int route_show(struct host *h, const struct ip_print *opts, int argc, char **argv,
		      struct cmd_out *o, bool flush)
{
	struct route_filter f;
	const struct table **order;
	struct jw w;
	size_t nt;
	int rc;

	if (flush && argc == 0)
		return cmd_err(o, IP_EXIT_FAIL, "\"ip route flush\" requires arguments.");
	rc = parse_route_filter(h, argc, argv, &f, o);
	if (rc)
		return rc;
	if (flush && f.table == 0 && !f.table_given)
		f.table = RT_TABLE_MAIN;
	if (!flush)
		jw_start(&w, &o->out, opts->json, opts->pretty);
	if (f.table != 0 && !host_table(h, f.table)) {
		if (!flush && f.table == RT_TABLE_MAIN) { /* the kernel's is there, empty */
			jw_finish(&w);
			return 0;
		}
		/* the dump fails after ip opened its JSON array, which stays open */
		cmd_err(o, IP_EXIT_KERNEL, "Error: ipv4: FIB table does not exist.");
		return cmd_err(o, IP_EXIT_KERNEL, flush ? "Flush terminated" : "Dump terminated");
	}
	if (flush) {
		for (size_t ti = 0; ti < h->ntables; ti++) {
			struct table *t = &h->tables[ti];

			if (f.table && t->id != f.table)
				continue;
			for (struct route *r = table_first(t), *next; r; r = next) {
				next = table_next(t, r);
				if (filter_route(h, &f, r))
					host_route_remove(h, t, r);
			}
		}
		return 0;
	}
	if (f.cloned) {
		fmt_exceptions(h, &f, &w);
		jw_finish(&w);
		return 0;
	}
	order = xcalloc(h->ntables + 1, sizeof(*order));
	nt = tables_dump_order(h, order);
	for (size_t ti = 0; ti < nt; ti++) {
		const struct table *t = order[ti];

		if (f.table && t->id != f.table)
			continue;
		table_for_each(t, r) if (filter_route(h, &f, r))
			route_fmt(h, r, f.table == 0, f.hide, &w);
	}
	free(order);
	jw_finish(&w);
	return 0;
}

/* ---- route add/del/replace/... ---- */

static const uint8_t fib_props_scope[RTN__MAX] = {
	[RTN_UNSPEC] = RT_SCOPE_NOWHERE,     [RTN_UNICAST] = RT_SCOPE_UNIVERSE,
	[RTN_LOCAL] = RT_SCOPE_HOST,	     [RTN_BROADCAST] = RT_SCOPE_LINK,
	[RTN_ANYCAST] = RT_SCOPE_LINK,	     [RTN_MULTICAST] = RT_SCOPE_UNIVERSE,
	[RTN_BLACKHOLE] = RT_SCOPE_UNIVERSE, [RTN_UNREACHABLE] = RT_SCOPE_UNIVERSE,
	[RTN_PROHIBIT] = RT_SCOPE_UNIVERSE,  [RTN_THROW] = RT_SCOPE_UNIVERSE,
	[RTN_NAT] = RT_SCOPE_NOWHERE,	     [RTN_XRESOLVE] = RT_SCOPE_NOWHERE,
};

static bool type_is_error(int type)
{
	return type == RTN_BLACKHOLE || type == RTN_UNREACHABLE || type == RTN_PROHIBIT ||
	       type == RTN_THROW || type == RTN_NAT || type == RTN_XRESOLVE;
}

/* fib_check_nh_v4_gw() (A7.3, A7.4) */
static int check_nh_gw(struct host *h, struct route *r, struct cmd_out *o)
{
	struct fib_result res;
	struct flow fl = { 0 };
	const struct nic *dev;
	int err;

	if (r->nh_flags & NH_F_ONLINK) {
		int t;

		if (r->scope >= RT_SCOPE_LINK)
			return cmd_err(o, IP_EXIT_KERNEL, "Error: Nexthop has invalid scope.");
		dev = host_nic_by_index_c(h, r->oif);
		if (!dev)
			return cmd_err(o, IP_EXIT_KERNEL,
				       "Error: Nexthop device required for onlink.");
		if (!dev->up)
			return cmd_err(o, IP_EXIT_KERNEL, "Error: Nexthop device is not up.");
		t = inet_addr_type_table(h, r->gw, RT_TABLE_LOCAL);
		if (t != RTN_UNICAST)
			return cmd_err(o, IP_EXIT_KERNEL, "Error: Nexthop has invalid gateway.");
		if (!nic_carrier(h, dev))
			r->nh_flags |= NH_F_LINKDOWN;
		r->nh_scope = RT_SCOPE_LINK;
		return 0;
	}
	fl.daddr = r->gw;
	fl.scope = (uint8_t)(r->scope + 1 < RT_SCOPE_LINK ? RT_SCOPE_LINK : r->scope + 1);
	fl.oif = r->oif;
	fl.iif = LOOPBACK_IFINDEX;
	err = -EAGAIN;
	if (r->table && r->table != RT_TABLE_MAIN && host_table(h, r->table))
		err = fib_table_lookup(h, r->table, &fl, &res, FIB_LOOKUP_IGNORE_LINKSTATE);
	else
		err = 1;
	if (err)
		err = fib_lookup(h, &fl, &res, FIB_LOOKUP_IGNORE_LINKSTATE);
	if (err)
		return cmd_err(o, IP_EXIT_KERNEL, "Error: Nexthop has invalid gateway.");
	if (res.type != RTN_UNICAST && res.type != RTN_LOCAL)
		return cmd_err(o, IP_EXIT_KERNEL, "Error: Nexthop has invalid gateway.");
	r->nh_scope = res.scope;
	r->oif = res.route->oif;
	dev = host_nic_by_index_c(h, r->oif);
	if (!dev)
		return cmd_err(o, IP_EXIT_KERNEL, "Error: No egress device for nexthop gateway.");
	if (!nic_carrier(h, dev))
		r->nh_flags |= NH_F_LINKDOWN;
	if (!dev->up)
		return cmd_err(o, IP_EXIT_KERNEL, "RTNETLINK answers: Network is down");
	return 0;
}

/* fib_get_nhs(): a device or gateway given besides the paths must be the first path's */
static int mp_matches_route(const struct route *r, const struct mpath *mp, struct cmd_out *o)
{
	if (r->oif && mp->nh[0].oif != r->oif)
		return cmd_err(o, IP_EXIT_KERNEL,
			       "Error: Nexthop device index does not match RTA_OIF.");
	if (r->gw && mp->nh[0].gw != r->gw)
		return cmd_err(o, IP_EXIT_KERNEL,
			       "Error: Nexthop gateway does not match RTA_GATEWAY or RTA_VIA.");
	return 0;
}

int route_check_nhobj(struct host *h, const struct nhobj *n, uint8_t scope, struct cmd_out *o)
{
	if (n->is_group) {
		if (scope == RT_SCOPE_HOST)
			return cmd_err(o, IP_EXIT_KERNEL,
				       "Error: Route with host scope can not have multiple "
				       "nexthops.");
		n = host_nhobj(h, n->grp[0].id);
		if (!n)
			return 0;
	}
	if (scope == RT_SCOPE_HOST && n->nh.gw)
		return cmd_err(o, IP_EXIT_KERNEL,
			       "Error: Route with host scope can not have a gateway.");
	if ((n->nh.flags & NH_F_ONLINK) && scope >= RT_SCOPE_LINK)
		return cmd_err(o, IP_EXIT_KERNEL, "Error: Scope mismatch with nexthop.");
	return 0;
}

static int check_paths(struct host *h, struct route *r, struct mpath *mp, struct cmd_out *o);
static void route_set_paths(struct host *h, struct route *r, const struct mpath *mp);

/* fib_create_info() checks, in the kernel's order; mp: the `nexthop …` paths, or NULL */
static int route_create_info(struct host *h, struct route *r, struct mpath *mp, struct cmd_out *o)
{
	int rc;

	if (r->type >= RTN__MAX)
		return cmd_err(o, IP_EXIT_KERNEL, "RTNETLINK answers: Invalid argument");
	if (fib_props_scope[r->type] > r->scope)
		return cmd_err(o, IP_EXIT_KERNEL, "Error: Invalid scope.");
	if (mp && (rc = mp_matches_route(r, mp, o)) != 0)
		return rc;
	if (r->nhid && !host_nhobj(h, r->nhid))
		return cmd_err(o, IP_EXIT_KERNEL, "Error: Nexthop id does not exist.");
	if (type_is_error(r->type)) {
		if (r->gw || r->oif || mp)
			return cmd_err(o, IP_EXIT_KERNEL,
				       "Error: Gateway, device and multipath can not be specified "
				       "for this route type.");
		goto prefsrc;
	}
	if (r->type != RTN_UNICAST && r->type != RTN_LOCAL && r->type != RTN_BROADCAST &&
	    r->type != RTN_ANYCAST && r->type != RTN_MULTICAST)
		return cmd_err(o, IP_EXIT_KERNEL, "Error: Invalid route type.");
	if (r->scope > RT_SCOPE_HOST)
		return cmd_err(o, IP_EXIT_KERNEL, "Error: Invalid scope.");
	rc = r->nhid ? route_check_nhobj(h, host_nhobj(h, r->nhid), r->scope, o)
	     : mp    ? check_paths(h, r, mp, o)
		     : route_check_nh(h, r, o);
	if (rc)
		return rc;
prefsrc:
	if (r->prefsrc && !fib_valid_prefsrc(h, r))
		return cmd_err(o, IP_EXIT_KERNEL, "Error: Invalid prefsrc address.");
	if (mp)
		route_set_paths(h, r, mp);
	return 0;
}

/* fib_check_nh() for the path in r's own fields (gw, oif, nh_flags): A7 */
int route_check_nh(struct host *h, struct route *r, struct cmd_out *o)
{
	if (r->scope == RT_SCOPE_HOST) {
		if (r->gw)
			return cmd_err(o, IP_EXIT_KERNEL,
				       "Error: Route with host scope can not have a gateway.");
		r->nh_scope = RT_SCOPE_NOWHERE;
		if (!host_nic_by_index_c(h, r->oif))
			return cmd_err(o, IP_EXIT_KERNEL, "RTNETLINK answers: No such device");
	} else if (r->gw) {
		int rc = check_nh_gw(h, r, o);

		if (rc)
			return rc;
	} else {
		const struct nic *dev;

		if (r->nh_flags & NH_F_ONLINK)
			return cmd_err(o, IP_EXIT_KERNEL,
				       "Error: Invalid flags for nexthop - PERVASIVE and ONLINK "
				       "can not be set.");
		dev = host_nic_by_index_c(h, r->oif);
		if (!dev)
			return cmd_err(o, IP_EXIT_KERNEL, "RTNETLINK answers: No such device");
		if (!dev->up)
			return cmd_err(o, IP_EXIT_KERNEL, "Error: Device for nexthop is not up.");
		r->nh_scope = RT_SCOPE_HOST;
		if (!nic_carrier(h, dev))
			r->nh_flags |= NH_F_LINKDOWN;
	}
	return 0;
}

/* fib_create_info() for a route given as `nexthop …` paths: the host scope takes one,
 * each is checked as a route's own path (fib_check_nh), the route is LINKDOWN when all
 * of them are */
static int check_paths(struct host *h, struct route *r, struct mpath *mp, struct cmd_out *o)
{
	int linkdown = 0;

	if (r->scope == RT_SCOPE_HOST && mp->n != 1)
		return cmd_err(o, IP_EXIT_KERNEL,
			       "Error: Route with host scope can not have multiple nexthops.");
	for (int i = 0; i < mp->n; i++) {
		struct route t = *r;
		int rc;

		t.gw = mp->nh[i].gw;
		t.oif = mp->nh[i].oif;
		t.nh_flags = mp->nh[i].flags;
		if ((rc = route_check_nh(h, &t, o)) != 0)
			return rc;
		mp->nh[i].oif = t.oif;
		mp->nh[i].flags = t.nh_flags;
		mp->nh[i].scope = t.nh_scope;
		linkdown += (t.nh_flags & NH_F_LINKDOWN) != 0;
	}
	if (linkdown == mp->n)
		r->nh_flags |= NH_F_LINKDOWN;
	return 0;
}

/* The checked paths become the route's: one path stays in the route's own fields (as
 * the kernel dumps it), several go into a group with their source addresses
 * (fib_info_update_nhc_saddr) and hash ranges (fib_rebalance) */
static void route_set_paths(struct host *h, struct route *r, const struct mpath *mp)
{
	struct mpath *g;
	uint32_t id;

	if (mp->n == 1) {
		r->gw = mp->nh[0].gw;
		r->oif = mp->nh[0].oif;
		r->nh_flags = (r->nh_flags & ~(uint32_t)NH_F_LINKDOWN) | mp->nh[0].flags;
		r->nh_scope = mp->nh[0].scope;
		return;
	}
	id = host_mp_new(h);
	g = host_mp(h, id);
	*g = *mp;
	for (int i = 0; i < g->n; i++) {
		g->nh[i].saddr = inet_select_addr(h, host_nic_by_index_c(h, g->nh[i].oif),
						  g->nh[i].gw, r->scope);
		g->nh[i].saddr_genid = h->dev_addr_genid;
	}
	host_mp_rebalance(h, g);
	r->mp = id;
	r->gw = 0;
	r->oif = 0;
	r->nh_scope = 0;
}

/* An `ip route add|del|…` request as iproute2 reads it, before the kernel's checks */
struct route_req {
	struct route r;
	bool del, dst_ok, scope_ok, table_given, metric_ok, gw_ok;
	int type, plen;
	uint32_t dst;
	const char *devname;
	/* `nexthop …`: the words from the first one on, then the paths they give */
	int nh_argc;
	char **nh_argv;
	struct mpath mp;
	/* `mtu [lock] N`, `advmss [lock] N` as given (the last of each wins on the route;
	 * ip route del compares every one given) */
	bool has_mtu, has_advmss, metrics_clash;
	uint32_t mtu, advmss;
};

static enum route_op verb_op(const char *verb)
{
	return strcmp(verb, "append") == 0    ? ROUTE_APPEND
	       : strcmp(verb, "prepend") == 0 ? ROUTE_PREPEND
	       : strcmp(verb, "replace") == 0 ? ROUTE_REPLACE
	       : strcmp(verb, "change") == 0  ? ROUTE_CHANGE
					      : ROUTE_ADD;
}

/* src ADDR, via [inet] ADDR */
static int route_addr(const char *arg, uint32_t *a, struct cmd_out *o)
{
	if (!ip_parse(arg, a))
		return cmd_err(o, IP_EXIT_FAIL,
			       "Error: inet address is expected rather than \"%s\".", arg);
	return 0;
}

/* [to] [TYPE] PREFIX: the word no keyword took (iproute2's default branch); *used
 * counts the words taken after the first */
static int route_dst(int argc, char **argv, struct route_req *q, int *used, struct cmd_out *o)
{
	int t;

	*used = 0;
	if (strcmp(*argv, "to") == 0) {
		if (argc - *used < 2)
			return E_INCOMPLETE(o);
		argv++, (*used)++;
	}
	if ((**argv < '0' || **argv > '9') && rt_type_parse(*argv, &t)) {
		if (argc - *used < 2)
			return E_INCOMPLETE(o);
		argv++, (*used)++;
		q->type = t;
	}
	if (q->dst_ok)
		return cmd_err(o, IP_EXIT_SYNTAX,
			       "Error: either \"to\" is duplicate, or \"%s\" is a garbage.", *argv);
	if (strcmp(*argv, "default") == 0 || strcmp(*argv, "any") == 0 ||
	    strcmp(*argv, "all") == 0) {
		q->dst = 0;
		q->plen = 0;
	} else if (!prefix_parse(*argv, &q->dst, &q->plen)) {
		return cmd_err(o, IP_EXIT_FAIL,
			       "Error: any valid prefix is expected rather than \"%s\".", *argv);
	}
	if (q->plen < 0)
		q->plen = 32;
	q->dst_ok = true;
	return 0;
}

/* Route attributes iproute2's iproute_modify() takes that pktpath does not model: the
 * metrics but mtu and advmss (window, rtt...), realms (any prefix of it, as ip reads it),
 * expires and encap */
static bool unmodelled_route_word(const char *w)
{
	static const char *const words[] = {
		"rtt",	    "rttvar",	     "reordering", "window",   "cwnd",
		"ssthresh", "rto_min",	     "initcwnd",   "initrwnd", "features",
		"quickack", "congctl",	     "hoplimit",   "expires",  "fastopen_no_cookie",
		"encap",    "ttl-propagate",
	};

	if (matches(w, "realms"))
		return true;
	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (!strcmp(w, words[i]))
			return true;
	return false;
}

/* `mtu [lock] N` or `advmss [lock] N`: an RTAX_MTU or RTAX_ADVMSS metric, which the
 * kernel caps (ip_metrics_convert) */
static int route_metric(int *argcp, char ***argvp, struct route_req *q, struct cmd_out *o)
{
	int argc = *argcp;
	char **argv = *argvp;
	bool mtu = strcmp(*argv, "mtu") == 0;
	uint32_t v, *given = mtu ? &q->mtu : &q->advmss;
	bool *has = mtu ? &q->has_mtu : &q->has_advmss;

	NEXT_ARG();
	if (strcmp(*argv, "lock") == 0) {
		q->r.locks |= mtu ? ROUTE_LOCK_MTU : ROUTE_LOCK_ADVMSS;
		NEXT_ARG();
	}
	if (!parse_u32(*argv, &v))
		return invarg(o, mtu ? "\"mtu\" value is invalid\n" : "\"mss\" value is invalid\n",
			      *argv);
	if (*has && *given != v)
		q->metrics_clash = true;
	*has = true;
	*given = v;
	if (mtu)
		q->r.mtu = (uint16_t)(v > ROUTE_MTU_MAX ? ROUTE_MTU_MAX : v);
	else
		q->r.advmss = (uint16_t)(v > ROUTE_ADVMSS_MAX ? ROUTE_ADVMSS_MAX : v);
	*argcp = argc;
	*argvp = argv;
	return 0;
}

/* iproute_modify()'s keyword loop */
static int route_parse(int argc, char **argv, struct route_req *q, struct cmd_out *o)
{
	struct route *r = &q->r;
	int rc = 0, used, v;

	for (; argc > 0 && rc == 0; argc--, argv++) {
		if (strcmp(*argv, "src") == 0 || strcmp(*argv, "via") == 0) {
			bool src = argv[0][0] == 's';

			if (!src && q->gw_ok)
				return invarg(o, "use nexthop syntax to specify multiple via\n",
					      *argv);
			q->gw_ok |= !src;
			NEXT_ARG();
			if (!src && strcmp(*argv, "inet") == 0)
				NEXT_ARG();
			rc = route_addr(*argv, src ? &r->prefsrc : &r->gw, o);
		} else if (strcmp(*argv, "tos") == 0 || matches(*argv, "dsfield")) {
			NEXT_ARG();
			if ((rc = tos_arg(*argv, &r->tos, o)) != 0)
				return rc;
		} else if (strcmp(*argv, "metric") == 0 || strcmp(*argv, "priority") == 0 ||
			   strcmp(*argv, "preference") == 0) {
			NEXT_ARG();
			if (!parse_u32(*argv, &r->priority))
				return invarg(o, "\"metric\" value is invalid\n", *argv);
			q->metric_ok = true;
		} else if (strcmp(*argv, "scope") == 0) {
			NEXT_ARG();
			if (!rt_scope_parse(*argv, &v))
				return invarg(o, "invalid \"scope\" value\n", *argv);
			r->scope = (uint8_t)v;
			q->scope_ok = true;
		} else if (matches(*argv, "protocol")) {
			NEXT_ARG();
			if (!rt_proto_parse(*argv, &v))
				return invarg(o, "\"protocol\" value is invalid\n", *argv);
			r->proto = (uint8_t)v;
		} else if (matches(*argv, "table")) {
			NEXT_ARG();
			if (!rt_table_parse(*argv, &r->table))
				return invarg(o, "\"table\" value is invalid\n", *argv);
			q->table_given = true;
		} else if (strcmp(*argv, "dev") == 0 || strcmp(*argv, "oif") == 0) {
			NEXT_ARG();
			q->devname = *argv;
		} else if (strcmp(*argv, "onlink") == 0) {
			r->nh_flags |= NH_F_ONLINK;
		} else if (strcmp(*argv, "mtu") == 0 || strcmp(*argv, "advmss") == 0) {
			if ((rc = route_metric(&argc, &argv, q, o)) != 0)
				return rc;
		} else if (strcmp(*argv, "nexthop") == 0) {
			/* the rest is parse_nexthops()'s, after the device is looked up */
			q->nh_argc = argc;
			q->nh_argv = argv;
			break;
		} else if (strcmp(*argv, "nhid") == 0) {
			NEXT_ARG();
			if (!parse_u32(*argv, &q->r.nhid))
				return invarg(o, "\"id\" value is invalid\n", *argv);
		} else if (unmodelled_route_word(*argv)) {
			return cmd_err(o, IP_EXIT_FAIL,
				       "Error: pktpath does not model \"%s\" on routes.", *argv);
		} else {
			rc = route_dst(argc, argv, q, &used, o);
			argc -= used, argv += used;
		}
	}
	return rc;
}

/* parse_one_nh(): the words of one `nexthop` up to the first it does not know */
static int route_one_nh(struct host *h, int *argcp, char ***argvp, struct nexthop *nh,
			struct cmd_out *o)
{
	int argc = *argcp, rc = 0;
	char **argv = *argvp;

	while (++argv, --argc > 0 && rc == 0) {
		if (strcmp(*argv, "via") == 0) {
			NEXT_ARG();
			if (strcmp(*argv, "inet") == 0)
				NEXT_ARG();
			rc = route_addr(*argv, &nh->gw, o);
		} else if (strcmp(*argv, "dev") == 0) {
			const struct nic *n;

			NEXT_ARG();
			if (!(n = host_nic(h, *argv))) {
				no_dev(o, *argv);
				return cmd_err(o, IP_EXIT_SYNTAX, "Error: cannot parse nexthop");
			}
			nh->oif = n->ifindex;
		} else if (strcmp(*argv, "weight") == 0) {
			uint32_t w;

			NEXT_ARG();
			if (!parse_u32(*argv, &w) || w == 0 || w > 256)
				return invarg(o, "\"weight\" is invalid\n", *argv);
			nh->weight = (uint16_t)w;
		} else if (strcmp(*argv, "onlink") == 0) {
			nh->flags |= NH_F_ONLINK;
		} else if (matches(*argv, "realms") || strcmp(*argv, "encap") == 0 ||
			   strcmp(*argv, "as") == 0) {
			return cmd_err(o, IP_EXIT_FAIL,
				       "Error: pktpath does not model \"%s\" on routes.", *argv);
		} else {
			break;
		}
	}
	*argcp = argc;
	*argvp = argv;
	return rc;
}

/* parse_nexthops(): `nexthop [via ADDR] [dev DEV] [weight W] [onlink]`, repeated */
static int route_nexthops(struct host *h, struct route_req *q, struct cmd_out *o)
{
	int argc = q->nh_argc, rc;
	char **argv = q->nh_argv;

	while (argc > 0) {
		struct nexthop *nh;

		if (strcmp(*argv, "nexthop") != 0)
			return cmd_err(o, IP_EXIT_SYNTAX,
				       "Error: \"nexthop\" or end of line is expected instead of "
				       "\"%s\"",
				       *argv);
		if (argc <= 1)
			return cmd_err(o, IP_EXIT_SYNTAX,
				       "Error: unexpected end of line after \"nexthop\"");
		if (q->mp.n == MP_MAX)
			return cmd_err(o, IP_EXIT_FAIL,
				       "Error: pktpath does not model more than %d nexthops in one "
				       "route.",
				       MP_MAX);
		nh = &q->mp.nh[q->mp.n++];
		memset(nh, 0, sizeof(*nh));
		nh->weight = 1;
		if ((rc = route_one_nh(h, &argc, &argv, nh, o)) != 0)
			return rc;
	}
	return 0;
}

/* What iproute2 fills in that was not given: the device's index, the scope by type
 * (and gateway), table local for local/broadcast/nat/anycast, main for table 0 */
static int route_defaults(struct host *h, struct route_req *q, struct cmd_out *o)
{
	struct route *r = &q->r;
	int type = q->type;

	if (!q->dst_ok)
		return E_INCOMPLETE(o);
	if (q->devname) {
		struct nic *n = host_nic(h, q->devname);

		if (!n)
			return no_dev(o, q->devname);
		r->oif = n->ifindex;
	}
	if (q->nh_argc) {
		int rc = route_nexthops(h, q, o);

		if (rc)
			return rc;
	}
	r->type = (uint8_t)type;
	if (!q->scope_ok) {
		if (type == RTN_LOCAL || type == RTN_NAT)
			r->scope = RT_SCOPE_HOST;
		else if (type == RTN_BROADCAST || type == RTN_MULTICAST || type == RTN_ANYCAST)
			r->scope = RT_SCOPE_LINK;
		else if ((type == RTN_UNICAST || type == RTN_UNSPEC) && q->del)
			r->scope = RT_SCOPE_NOWHERE;
		else if ((type == RTN_UNICAST || type == RTN_UNSPEC) && !r->gw && !q->mp.n &&
			 !r->nhid)
			r->scope = RT_SCOPE_LINK;
	}
	if (!q->table_given &&
	    (type == RTN_LOCAL || type == RTN_BROADCAST || type == RTN_NAT || type == RTN_ANYCAST))
		r->table = RT_TABLE_LOCAL;
	if (r->table == 0)
		r->table = RT_TABLE_MAIN; /* table 0 means main (§12.12) */
	r->dst = q->dst;
	r->plen = (uint8_t)q->plen;
	return 0;
}

/* The kernel's side of `ip route del`: fib_table_delete()'s matching */
static int route_del(struct host *h, const struct route_req *q, struct cmd_out *o)
{
	const struct route *r = &q->r;
	struct route_match m = { 0 };
	struct diag d = { 0 };

	if (!host_table(h, r->table))
		return cmd_err(o, IP_EXIT_KERNEL, "Error: FIB table does not exist.");
	m.table = r->table;
	m.dst = q->dst;
	m.plen = q->plen;
	m.tos = r->tos;
	m.type = (uint8_t)q->type;
	m.scope = r->scope;
	m.proto = r->proto;
	m.priority = r->priority;
	m.prefsrc = r->prefsrc;
	m.gw = r->gw;
	m.oif = r->oif;
	m.mp = q->mp.n ? &q->mp : NULL;
	m.nhid = r->nhid;
	m.has_mtu = q->has_mtu;
	m.has_advmss = q->has_advmss;
	m.metrics_clash = q->metrics_clash;
	m.mtu = q->mtu;
	m.advmss = q->advmss;
	m.locks = r->locks;
	if (host_route_delete(h, &m, &d) < 0)
		return cmd_err(o, IP_EXIT_KERNEL, "%s", d.msg);
	return 0;
}

static int route_modify(struct cmd_ctx *ctx, struct host *h, int argc, char **argv,
			struct cmd_out *o, const char *verb)
{
	struct route_req q = { 0 };
	struct diag d = { 0 };
	int rc;

	q.del = strcmp(verb, "del") == 0;
	q.type = q.del ? RTN_UNSPEC : RTN_UNICAST;
	q.plen = -1;
	q.r.table = RT_TABLE_MAIN;
	q.r.proto = q.del ? 0 : RTPROT_BOOT;
	q.r.scope = q.del ? RT_SCOPE_NOWHERE : RT_SCOPE_UNIVERSE;
	if ((rc = route_parse(argc, argv, &q, o)) != 0 || (rc = route_defaults(h, &q, o)) != 0)
		return rc;
	if (cmd_applying(ctx, h)) {
		/* --apply: what iproute2 sends; the kernel does the checks below */
		struct kedit e;

		memset(&e, 0, sizeof(e));
		e.op = q.del ? KEDIT_ROUTE_DEL : KEDIT_ROUTE_NEW;
		e.rop = verb_op(verb);
		e.route = q.r;
		e.mp = q.mp.n ? &q.mp : NULL;
		e.metric_given = q.metric_ok;
		e.has_mtu = q.has_mtu;
		e.has_advmss = q.has_advmss;
		e.mtu = q.mtu;
		e.advmss = q.advmss;
		/* iproute2 sends each value given, libnl one per metric: the kernel keeps the
		 * last on an add, but a delete compares them all */
		if (q.del && q.metrics_clash)
			return cmd_err(o, IP_EXIT_FAIL,
				       "Error: pktpath cannot send two values of one metric to the "
				       "kernel (libnl sends one).");
		/* libnl cannot send RTA_OIF or RTA_GATEWAY beside RTA_MULTIPATH, as iproute2
		 * does; the kernel's answer to them is fib_get_nhs()'s */
		if (e.mp && !q.del && (rc = mp_matches_route(&q.r, &q.mp, o)) != 0)
			return rc;
		return ctx->kedit(ctx, h, &e, o);
	}
	/* rtm_to_fib_config() checks the tos and the prefix before any table is looked
	 * up or made */
	if (q.r.tos & 0x03)
		return cmd_err(o, IP_EXIT_KERNEL,
			       "Error: Invalid dsfield (tos): ECN bits must be 0.");
	if (q.r.nhid && (q.r.oif || q.r.gw || q.mp.n))
		return cmd_err(
			o, IP_EXIT_KERNEL,
			"Error: Nexthop specification and nexthop id are mutually exclusive.");
	if (q.plen < 32 && (q.dst & ~ip_mask(q.plen)))
		return cmd_err(o, IP_EXIT_KERNEL, "Error: Invalid prefix for given prefix length.");
	if (q.del)
		return route_del(h, &q, o);
	/* inet_rtm_newroute(): fib_new_table() runs before the insert can fail, for
	 * `change` too */
	host_table_get(h, q.r.table);
	if ((rc = route_create_info(h, &q.r, q.mp.n ? &q.mp : NULL, o)) != 0)
		return rc;
	if (host_route_insert(h, &q.r, verb_op(verb), &d) < 0)
		return cmd_err(o, IP_EXIT_KERNEL, "%s", d.msg);
	if (q.r.type == RTN_LOCAL)
		h->custom_local_routes = true;
	return 0;
}

/* ---- ip route get ---- */

int ip_route_cmd(struct cmd_ctx *ctx, struct host *h, const struct ip_print *opts, int argc,
		 char **argv, struct cmd_out *o)
{
	if (argc < 1)
		return route_show(h, opts, 0, argv, o, false);
	if (matches(*argv, "add"))
		return route_modify(ctx, h, argc - 1, argv + 1, o, "add");
	if (matches(*argv, "change"))
		return route_modify(ctx, h, argc - 1, argv + 1, o, "change");
	if (matches(*argv, "replace"))
		return route_modify(ctx, h, argc - 1, argv + 1, o, "replace");
	if (matches(*argv, "prepend"))
		return route_modify(ctx, h, argc - 1, argv + 1, o, "prepend");
	if (matches(*argv, "append"))
		return route_modify(ctx, h, argc - 1, argv + 1, o, "append");
	if (matches(*argv, "delete"))
		return route_modify(ctx, h, argc - 1, argv + 1, o, "del");
	if (matches(*argv, "list") || matches(*argv, "show") || matches(*argv, "lst"))
		return route_show(h, opts, argc - 1, argv + 1, o, false);
	if (matches(*argv, "get"))
		return ip_route_get(h, opts, argc - 1, argv + 1, o);
	if (matches(*argv, "flush")) {
		if (argc == 3 && strcmp(argv[1], "table") == 0 && strcmp(argv[2], "cache") == 0)
			return 0;
		if (argc == 2 && strcmp(argv[1], "cache") == 0) {
			host_rt_cache_flush(h); /* `ip route flush cache` (C4) */
			host_fnhe_flush(h);
			return 0;
		}
		if (cmd_apply_refuse(ctx, h, o, "ip route flush"))
			return o->rc;
		return route_show(h, opts, argc - 1, argv + 1, o, true);
	}
	return cmd_err(o, IP_EXIT_SYNTAX, "Command \"%s\" is unknown, try \"ip route help\".",
		       *argv);
}
